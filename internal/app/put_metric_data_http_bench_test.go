//go:build unix

package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/fxamacker/cbor/v2"

	"github.com/openwatch/openwatch/internal/config"
)

const (
	benchKeyID  = "AKIAOPENWATCHBENCH01"
	benchSecret = "openwatch-bench-secret-key-00000000000"
	benchRegion = "us-east-1"
)

// BenchmarkPutMetricDataHTTP ingests through the whole server over
// loopback: signed RPC v2 CBOR requests of 1000 data, as aws-sdk-go-v2
// writes them, from four concurrent clients per GOMAXPROCS, each datum its
// own series. Bodies are encoded and hashed beforehand so the clients
// spend their CPU on HTTP and signing alone; the server pays for
// transport, authentication, decoding, validation and the store. The
// clients share the process, so cpu-ns/datapoint counts both ends.
func BenchmarkPutMetricDataHTTP(b *testing.B) {
	const perRequest = 1000
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownTimeout = 10 * time.Second
	cfg.Bootstrap = &config.BootstrapKey{AccountID: testAccount, AccessKeyID: benchKeyID, Secret: benchSecret}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	url := "http://" + ln.Addr().String() + "/service/GraniteServiceVersion20100801/operation/PutMetricData"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	defer client.CloseIdleConnections()

	// Each writer cycles through bodies a second apart, so the store sees
	// new points rather than the same ones again.
	const bodiesPerWriter = 32
	start := time.Now().Add(-time.Hour).Truncate(time.Minute)
	type body struct {
		data []byte
		hash string
	}
	makeBodies := func(w int64) ([]body, error) {
		out := make([]body, bodiesPerWriter)
		for k := range out {
			ts := cbor.Tag{Number: 1, Content: float64(start.Add(time.Duration(k)*time.Second).UnixMilli()) / 1000}
			data := make([]map[string]any, perRequest)
			for i := range data {
				data[i] = map[string]any{
					"MetricName": "Requests",
					"Dimensions": []map[string]string{{"Name": "Writer", "Value": fmt.Sprint(w)}, {"Name": "Host", "Value": fmt.Sprintf("h-%04d", i)}},
					"Timestamp":  ts,
					"Value":      float64(k + i),
					"Unit":       "Count",
				}
			}
			enc, err := cbor.Marshal(map[string]any{"Namespace": "Bench", "MetricData": data})
			if err != nil {
				return nil, err
			}
			sum := sha256.Sum256(enc)
			out[k] = body{enc, hex.EncodeToString(sum[:])}
		}
		return out, nil
	}
	creds := aws.Credentials{AccessKeyID: benchKeyID, SecretAccessKey: benchSecret}
	signer := v4.NewSigner()
	post := func(bd body) error {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(bd.data))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/cbor")
		req.Header.Set("Accept", "application/cbor")
		req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
		if err := signer.SignHTTP(context.Background(), creds, req, bd.hash, "monitoring", benchRegion, time.Now()); err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d: %q", resp.StatusCode, msg)
		}
		return nil
	}

	all := make([][]body, 4*runtime.GOMAXPROCS(0))
	for w := range all {
		if all[w], err = makeBodies(int64(w)); err != nil {
			b.Fatal(err)
		}
	}
	var writers atomic.Int64
	b.SetParallelism(4)
	b.ReportAllocs()
	began, cpu0 := time.Now(), cpuTime(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		bodies := all[int(writers.Add(1)-1)%len(all)]
		for k := 0; pb.Next(); k++ {
			if err := post(bodies[k%len(bodies)]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)*perRequest/time.Since(began).Seconds(), "datapoints/s")
	b.ReportMetric(float64((cpuTime(b)-cpu0).Nanoseconds())/float64(b.N)/perRequest, "cpu-ns/datapoint")
}
