package catalog

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestCreateGetLogStream(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/g")
	other := mustGroup(t, c, acct, "/other")

	s, err := c.CreateLogStream(ctx, g.ID, "web-1", 1700000000000)
	if err != nil {
		t.Fatal(err)
	}
	want := model.LogStream{ID: s.ID, GroupID: g.ID, Name: "web-1", CreationTime: 1700000000000}
	if s.ID <= 0 || s != want {
		t.Fatalf("CreateLogStream = %+v, want %+v", s, want)
	}

	t.Run("create", func(t *testing.T) {
		tests := []struct {
			name    string
			group   int64
			stream  string
			wantErr error
			wantMsg string
		}{
			{"duplicate", g.ID, "web-1", model.ErrAlreadyExists, "The specified log stream already exists"},
			{"same name in another group", other.ID, "web-1", nil, ""},
			{"name differing in case", g.ID, "WEB-1", nil, ""},
			{"missing group", 424242, "web-1", model.ErrNotFound, "The specified log group does not exist."},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := c.CreateLogStream(ctx, tt.group, tt.stream, 1)
				if tt.wantErr != nil {
					wantErr(t, err, tt.wantErr, tt.wantMsg)
					return
				}
				if err != nil || got.GroupID != tt.group || got.Name != tt.stream || got.ID == s.ID {
					t.Fatalf("CreateLogStream = %+v, %v", got, err)
				}
			})
		}
	})

	t.Run("get", func(t *testing.T) {
		tests := []struct {
			name    string
			group   int64
			stream  string
			wantErr bool
		}{
			{"found", g.ID, "web-1", false},
			{"missing", g.ID, "web-2", true},
			{"stream of another group", other.ID + 1000, "web-1", true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := c.GetLogStream(ctx, tt.group, tt.stream)
				if tt.wantErr {
					wantErr(t, err, model.ErrNotFound, "The specified log stream does not exist.")
					return
				}
				if err != nil || got != want {
					t.Fatalf("GetLogStream = %+v, %v; want %+v", got, err, want)
				}
			})
		}
	})
}

func TestRecordIngest(t *testing.T) {
	type batch struct{ first, last, ingestion, bytes int64 }
	tests := []struct {
		name    string
		batches []batch
		want    model.LogStream // statistics only
	}{
		{"none", nil, model.LogStream{}},
		{"one", []batch{{10, 20, 30, 5}}, model.LogStream{FirstEventTimestamp: 10, LastEventTimestamp: 20, LastIngestionTime: 30, StoredBytes: 5}},
		{"later batch", []batch{{10, 20, 30, 5}, {25, 40, 50, 7}}, model.LogStream{FirstEventTimestamp: 10, LastEventTimestamp: 40, LastIngestionTime: 50, StoredBytes: 12}},
		{"earlier batch", []batch{{10, 20, 30, 5}, {1, 2, 31, 7}}, model.LogStream{FirstEventTimestamp: 1, LastEventTimestamp: 20, LastIngestionTime: 31, StoredBytes: 12}},
		{"inside batch", []batch{{10, 20, 30, 5}, {12, 18, 29, 1}}, model.LogStream{FirstEventTimestamp: 10, LastEventTimestamp: 20, LastIngestionTime: 30, StoredBytes: 6}},
		{"no events leaves timestamps", []batch{{10, 20, 30, 5}, {0, 0, 0, 0}}, model.LogStream{FirstEventTimestamp: 10, LastEventTimestamp: 20, LastIngestionTime: 30, StoredBytes: 5}},
		{"first batch without events", []batch{{0, 0, 0, 3}, {10, 20, 30, 5}}, model.LogStream{FirstEventTimestamp: 10, LastEventTimestamp: 20, LastIngestionTime: 30, StoredBytes: 8}},
	}
	c, _ := newCatalog(t)
	ctx := context.Background()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustGroup(t, c, acct, fmt.Sprintf("/ingest-%d", i))
			s := mustStream(t, c, g.ID, "s")
			var total int64
			for _, b := range tt.batches {
				if err := c.RecordIngest(ctx, g.ID, s.ID, b.first, b.last, b.ingestion, b.bytes); err != nil {
					t.Fatal(err)
				}
				total += b.bytes
			}
			got, err := c.GetLogStream(ctx, g.ID, "s")
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			want.ID, want.GroupID, want.Name, want.CreationTime = s.ID, g.ID, s.Name, s.CreationTime
			if got != want {
				t.Fatalf("stream = %+v, want %+v", got, want)
			}
			gg, err := c.GetLogGroup(ctx, acct, g.Name)
			if err != nil || gg.StoredBytes != total {
				t.Fatalf("group stored bytes = %d, %v; want %d", gg.StoredBytes, err, total)
			}
		})
	}
}

func TestRecordIngestErrors(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/g")
	other := mustGroup(t, c, acct, "/other")
	s := mustStream(t, c, g.ID, "s")
	tests := []struct {
		name           string
		group, stream  int64
		wantErrMessage string
	}{
		{"unknown stream", g.ID, s.ID + 100, "The specified log stream does not exist."},
		{"stream of another group", other.ID, s.ID, "The specified log stream does not exist."},
		{"unknown group", 999, s.ID, "The specified log stream does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.RecordIngest(ctx, tt.group, tt.stream, 1, 2, 3, 4)
			wantErr(t, err, model.ErrNotFound, tt.wantErrMessage)
		})
	}
	for _, name := range []string{"/g", "/other"} {
		if gg, err := c.GetLogGroup(ctx, acct, name); err != nil || gg.StoredBytes != 0 {
			t.Fatalf("group %s changed by failed ingest: %+v, %v", name, gg, err)
		}
	}
	if got, err := c.GetLogStream(ctx, g.ID, "s"); err != nil || got != s {
		t.Fatalf("stream changed by failed ingest: %+v, %v", got, err)
	}
}

// streamFixture creates a group whose streams have last event timestamps
// with ties and streams without events, and returns them.
func streamFixture(t *testing.T, c *Catalog) (model.LogGroup, []model.LogStream) {
	t.Helper()
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/streams")
	last := map[string]int64{
		"a": 300, "b": 100, "c": 300, "d": 0, "app/1": 200, "app/2": 100, "app/10": 0,
		"App/3": 200, "app_x": 50, "e": 300, "f": 0, "g": 1000,
	}
	var names []string
	for n := range last {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []model.LogStream
	for _, n := range names {
		s := mustStream(t, c, g.ID, n)
		if ts := last[n]; ts != 0 {
			if err := c.RecordIngest(ctx, g.ID, s.ID, ts-10, ts, ts+1, 1); err != nil {
				t.Fatal(err)
			}
			s.FirstEventTimestamp, s.LastEventTimestamp, s.LastIngestionTime, s.StoredBytes = ts-10, ts, ts+1, 1
		}
		out = append(out, s)
	}
	// Another group's streams never show.
	other := mustGroup(t, c, acct, "/noise")
	mustStream(t, c, other.ID, "a")
	return g, out
}

// expectStreams orders and filters streams the way q asks, ignoring the
// page bounds.
func expectStreams(all []model.LogStream, q model.StreamQuery) []model.LogStream {
	var out []model.LogStream
	for _, s := range all {
		if strings.HasPrefix(s.Name, q.Prefix) {
			out = append(out, s)
		}
	}
	less := func(a, b model.LogStream) bool {
		if q.Order == model.OrderByLastEventTime && a.LastEventTimestamp != b.LastEventTimestamp {
			return a.LastEventTimestamp < b.LastEventTimestamp
		}
		return a.Name < b.Name
	}
	sort.Slice(out, func(i, j int) bool {
		if q.Descending {
			return less(out[j], out[i])
		}
		return less(out[i], out[j])
	})
	return out
}

func TestListLogStreams(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g, all := streamFixture(t, c)

	queries := []struct {
		name string
		q    model.StreamQuery
	}{
		{"by name", model.StreamQuery{}},
		{"by name descending", model.StreamQuery{Descending: true}},
		{"by name with prefix", model.StreamQuery{Prefix: "app"}},
		{"by name with prefix descending", model.StreamQuery{Prefix: "app", Descending: true}},
		{"prefix underscore is literal", model.StreamQuery{Prefix: "app_"}},
		{"by time", model.StreamQuery{Order: model.OrderByLastEventTime}},
		{"by time descending", model.StreamQuery{Order: model.OrderByLastEventTime, Descending: true}},
		{"by time with prefix", model.StreamQuery{Order: model.OrderByLastEventTime, Prefix: "app/"}},
		{"by time with prefix descending", model.StreamQuery{Order: model.OrderByLastEventTime, Prefix: "app/", Descending: true}},
		{"no match", model.StreamQuery{Prefix: "zzz"}},
	}
	for _, tt := range queries {
		want := expectStreams(all, tt.q)
		for _, limit := range []int{0, 1, 2, 3, 5, 50} {
			t.Run(fmt.Sprintf("%s/limit %d", tt.name, limit), func(t *testing.T) {
				q := tt.q
				q.Limit = limit
				var got []model.LogStream
				for pages := 0; ; pages++ {
					if pages > len(all)+1 {
						t.Fatal("pagination does not end")
					}
					page, err := c.ListLogStreams(ctx, g.ID, q)
					if err != nil {
						t.Fatal(err)
					}
					if limit > 0 && len(page) > limit {
						t.Fatalf("page of %d over limit %d", len(page), limit)
					}
					got = append(got, page...)
					if len(page) == 0 || limit == 0 {
						break
					}
					end := page[len(page)-1]
					q.HasAfter, q.AfterName, q.AfterTime = true, end.Name, end.LastEventTimestamp
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("streams\n got %v\nwant %v", streamKeys(got), streamKeys(want))
				}
			})
		}
	}

	t.Run("after a key between streams", func(t *testing.T) {
		tests := []struct {
			q    model.StreamQuery
			want []string
		}{
			{model.StreamQuery{HasAfter: true, AfterName: "b0"}, []string{"c", "d", "e", "f", "g"}},
			{model.StreamQuery{HasAfter: true, AfterName: "b0", Descending: true}, []string{"b", "app_x", "app/2", "app/10", "app/1", "a", "App/3"}},
			{model.StreamQuery{Order: model.OrderByLastEventTime, HasAfter: true, AfterTime: 300, AfterName: "b"}, []string{"c", "e", "g"}},
			{model.StreamQuery{Order: model.OrderByLastEventTime, HasAfter: true, AfterTime: 100, AfterName: "app/3", Descending: true}, []string{"app/2", "app_x", "f", "d", "app/10"}},
			{model.StreamQuery{Order: model.OrderByLastEventTime, HasAfter: true, AfterTime: 0, AfterName: ""}, []string{"app/10", "d", "f", "app_x", "app/2", "b", "App/3", "app/1", "a", "c", "e", "g"}},
			{model.StreamQuery{Order: model.OrderByLastEventTime, HasAfter: true, AfterTime: 1000, AfterName: "g"}, nil},
		}
		for i, tt := range tests {
			got, err := c.ListLogStreams(ctx, g.ID, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if names := streamNamesOf(got); !reflect.DeepEqual(names, tt.want) {
				t.Errorf("case %d: names = %q, want %q", i, names, tt.want)
			}
		}
	})

	if got, err := c.ListLogStreams(ctx, 424242, model.StreamQuery{}); err != nil || len(got) != 0 {
		t.Fatalf("unknown group: %v, %v", got, err)
	}
}

func TestStreamNames(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g, all := streamFixture(t, c)
	want := map[int64]string{}
	for _, s := range all {
		want[s.ID] = s.Name
	}
	got, err := c.StreamNames(ctx, g.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("StreamNames = %v, %v; want %v", got, err, want)
	}
	if got, err := c.StreamNames(ctx, 424242); err != nil || len(got) != 0 {
		t.Fatalf("unknown group: %v, %v", got, err)
	}
}

func TestDeleteLogStream(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/g")
	s1 := mustStream(t, c, g.ID, "s1")
	s2 := mustStream(t, c, g.ID, "s2")
	if err := c.RecordIngest(ctx, g.ID, s1.ID, 1, 2, 3, 100); err != nil {
		t.Fatal(err)
	}
	if err := c.RecordIngest(ctx, g.ID, s2.ID, 1, 2, 3, 30); err != nil {
		t.Fatal(err)
	}

	del, err := c.DeleteLogStream(ctx, g.ID, "s1")
	if err != nil {
		t.Fatal(err)
	}
	want := s1
	want.FirstEventTimestamp, want.LastEventTimestamp, want.LastIngestionTime, want.StoredBytes = 1, 2, 3, 100
	if del != want {
		t.Fatalf("DeleteLogStream = %+v, want %+v", del, want)
	}
	if gg, _ := c.GetLogGroup(ctx, acct, "/g"); gg.StoredBytes != 30 {
		t.Fatalf("group stored bytes after delete = %d, want 30", gg.StoredBytes)
	}
	_, err = c.GetLogStream(ctx, g.ID, "s1")
	wantErr(t, err, model.ErrNotFound, "The specified log stream does not exist.")
	if _, err := c.GetLogStream(ctx, g.ID, "s2"); err != nil {
		t.Fatalf("other stream: %v", err)
	}

	tests := []struct {
		name   string
		group  int64
		stream string
	}{
		{"already deleted", g.ID, "s1"},
		{"never existed", g.ID, "nope"},
		{"wrong group", g.ID + 1, "s2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.DeleteLogStream(ctx, tt.group, tt.stream)
			wantErr(t, err, model.ErrNotFound, "The specified log stream does not exist.")
		})
	}
	if gg, _ := c.GetLogGroup(ctx, acct, "/g"); gg.StoredBytes != 30 {
		t.Fatalf("group stored bytes changed by failed deletes: %d", gg.StoredBytes)
	}
}

func BenchmarkRecordIngest(b *testing.B) {
	c, _ := newCatalog(b)
	ctx := context.Background()
	g := mustGroup(b, c, acct, "/bench")
	streams := make([]model.LogStream, 16)
	for i := range streams {
		streams[i] = mustStream(b, c, g.ID, fmt.Sprintf("s%02d", i))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := streams[i%len(streams)]
		ts := int64(1700000000000 + i)
		if err := c.RecordIngest(ctx, g.ID, s.ID, ts, ts+10, ts+20, 512); err != nil {
			b.Fatal(err)
		}
	}
}

func streamKeys(ss []model.LogStream) []string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s@%d", s.Name, s.LastEventTimestamp))
	}
	return out
}

func streamNamesOf(ss []model.LogStream) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}
