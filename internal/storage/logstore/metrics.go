package logstore

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/storage/wal"
)

// metrics are the store's counters; Stats and the Prometheus collector
// read them.
type metrics struct {
	ingestedEvents, ingestedBytes atomic.Int64
	flushes, flushErrors          atomic.Int64
	merges, mergeErrors           atomic.Int64
	blocksCopied                  atomic.Int64
	manifestWrites                atomic.Int64
	partsExpired                  atomic.Int64
	partBytesWritten              atomic.Int64
	deleteErrors, walTrimErrors   atomic.Int64
	blocksRead, blockBytesRead    atomic.Int64
	blocksSkippedRange            atomic.Int64
	blocksSkippedFilter           atomic.Int64
	filtersRead                   atomic.Int64
	readCacheHits                 atomic.Int64
	rowsScanned                   atomic.Int64
	throttled                     atomic.Int64
	flushDuration                 prometheus.Histogram
}

func (m *metrics) init() {
	m.flushDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "openwatch_logstore_flush_duration_seconds",
		Help:    "Time to write the memtables as parts and commit them.",
		Buckets: prometheus.ExponentialBuckets(0.001, 4, 9),
	})
}

// Stats describes a Store for monitoring.
type Stats struct {
	// Events and Bytes count the stored events and their message bytes:
	// those in memtables plus the rows of parts. Rows of deleted streams
	// count until a merge rewrites their parts.
	Events int64
	Bytes  int64
	// MemtableEvents and MemtableBytes count what is not yet flushed;
	// Generations is the number of memtable generations (one, plus those
	// waiting for a flush).
	MemtableEvents int64
	MemtableBytes  int64
	Generations    int
	// Parts, Partitions and PartBytes describe the parts: how many, in how
	// many (group, day) partitions, and their files' total size.
	Parts      int
	Partitions int
	PartBytes  int64
	// IngestedEvents and IngestedBytes count what Append acknowledged
	// since Open.
	IngestedEvents int64
	IngestedBytes  int64
	// Background work since Open.
	Flushes, FlushErrors int64
	Merges, MergeErrors  int64
	// BlocksCopied counts the blocks merges took over whole, without
	// decoding them.
	BlocksCopied int64
	// Throttled counts appends that waited for a flush because the
	// memtables had grown past backlogFactor times MemtableSize.
	Throttled        int64
	ManifestWrites   int64
	PartsExpired     int64
	PartBytesWritten int64
	// WALTrimErrors and DeleteErrors count failures to remove flushed WAL
	// segments and the files of dropped parts; both are retried (the
	// files at the next Open).
	WALTrimErrors int64
	DeleteErrors  int64
	// Reads and scans since Open: blocks read, and blocks skipped by their
	// header's ranges or by their token filters; the blocks' token filters
	// read.
	BlocksRead          int64
	BlockBytesRead      int64
	BlocksSkippedRange  int64
	BlocksSkippedFilter int64
	FiltersRead         int64
	// ReadCacheHits counts the blocks a read took as the read before it
	// decoded them (a next page).
	ReadCacheHits int64
	RowsScanned   int64
	// WAL holds the log's size and fsync counters.
	WAL wal.Stats
}

// Stats returns current counters.
func (s *Store) Stats() Stats {
	m := &s.metrics
	st := Stats{
		IngestedEvents:      m.ingestedEvents.Load(),
		IngestedBytes:       m.ingestedBytes.Load(),
		Flushes:             m.flushes.Load(),
		FlushErrors:         m.flushErrors.Load(),
		Merges:              m.merges.Load(),
		MergeErrors:         m.mergeErrors.Load(),
		BlocksCopied:        m.blocksCopied.Load(),
		Throttled:           m.throttled.Load(),
		ManifestWrites:      m.manifestWrites.Load(),
		PartsExpired:        m.partsExpired.Load(),
		PartBytesWritten:    m.partBytesWritten.Load(),
		WALTrimErrors:       m.walTrimErrors.Load(),
		DeleteErrors:        m.deleteErrors.Load(),
		BlocksRead:          m.blocksRead.Load(),
		BlockBytesRead:      m.blockBytesRead.Load(),
		BlocksSkippedRange:  m.blocksSkippedRange.Load(),
		BlocksSkippedFilter: m.blocksSkippedFilter.Load(),
		FiltersRead:         m.filtersRead.Load(),
		ReadCacheHits:       m.readCacheHits.Load(),
		RowsScanned:         m.rowsScanned.Load(),
		WAL:                 s.wal.Stats(),
	}
	s.viewMu.RLock()
	defer s.viewMu.RUnlock()
	st.Generations = len(s.gens)
	for _, g := range s.gens {
		st.MemtableEvents += g.events.Load()
		st.MemtableBytes += g.bytes.Load()
	}
	st.Events, st.Bytes = st.MemtableEvents, st.MemtableBytes
	for _, parts := range s.parts {
		st.Partitions += len(byPartition(parts))
		for _, p := range parts {
			st.Parts++
			st.PartBytes += p.meta.dataSize + p.indexSize
			st.Events += p.meta.rows
			st.Bytes += p.meta.rawBytes
		}
	}
	return st
}

// Collectors returns the Prometheus collectors of the store's metrics, for
// the server's registry.
func (s *Store) Collectors() []prometheus.Collector {
	return []prometheus.Collector{collector{s}, s.metrics.flushDuration}
}

// collector turns Stats into Prometheus metrics at scrape time.
type collector struct{ s *Store }

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc("openwatch_logstore_"+name, help, labels, nil)
}

var (
	descIngestedEvents = desc("ingested_events_total", "Events acknowledged by Append.")
	descIngestedBytes  = desc("ingested_bytes_total", "Message bytes acknowledged by Append.")
	descEvents         = desc("events", "Stored events, in memtables and parts.")
	descMemtableBytes  = desc("memtable_bytes", "Message bytes held in memtables, not yet flushed.")
	descParts          = desc("parts", "Live parts.")
	descPartitions     = desc("partitions", "Partitions (log group, day) holding parts.")
	descPartBytes      = desc("part_bytes", "Size of the live parts' files.")
	descFlushes        = desc("flushes_total", "Flushes of the memtables to parts.")
	descFlushErrors    = desc("flush_errors_total", "Flushes that failed and will be retried.")
	descMerges         = desc("merges_total", "Merges of parts.")
	descMergeErrors    = desc("merge_errors_total", "Merges that failed and will be retried.")
	descBlocksCopied   = desc("merge_blocks_copied_total", "Blocks merges took over whole, without decoding and encoding them again.")
	descThrottled      = desc("throttled_appends_total", "Appends that waited for a flush because ingest outpaced flushing.")
	descBlocksRead     = desc("blocks_read_total", "Blocks read from parts.")
	descBlockBytesRead = desc("block_bytes_read_total", "Bytes of blocks read from parts.")
	descCleanupErrors  = desc("cleanup_errors_total", "Failures to remove flushed WAL segments (wal) or dropped part files (parts); retried later.", "what")
	descBlocksSkipped  = desc("blocks_skipped_total", "Blocks skipped without being read, by reason.", "reason")
	descFiltersRead    = desc("block_filters_read_total", "Token filters of blocks read to decide whether to read the blocks.")
	descReadCacheHits  = desc("read_cache_hits_total", "Blocks a read took decoded from the cache of the reads before it.")
	descWALBytes       = desc("wal_bytes", "Size of the write-ahead log.")
	descWALSegments    = desc("wal_segments", "Segment files of the write-ahead log.")
	descWALFailed      = desc("wal_failed", "1 when the write-ahead log has failed and refuses writes until reopened.")
	descWALFsync       = desc("wal_fsync_duration_seconds", "Latency of the write-ahead log's file and directory syncs.")
)

// Describe implements prometheus.Collector.
func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{
		descIngestedEvents, descIngestedBytes, descEvents, descMemtableBytes, descParts, descPartitions,
		descPartBytes, descFlushes, descFlushErrors, descMerges, descMergeErrors, descBlocksCopied, descThrottled, descBlocksRead, descBlockBytesRead, descCleanupErrors,
		descBlocksSkipped, descFiltersRead, descReadCacheHits, descWALBytes, descWALSegments, descWALFailed, descWALFsync,
	} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c collector) Collect(ch chan<- prometheus.Metric) {
	st := c.s.Stats()
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v int64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v))
	}
	counter(descIngestedEvents, st.IngestedEvents)
	counter(descIngestedBytes, st.IngestedBytes)
	gauge(descEvents, st.Events)
	gauge(descMemtableBytes, st.MemtableBytes)
	gauge(descParts, int64(st.Parts))
	gauge(descPartitions, int64(st.Partitions))
	gauge(descPartBytes, st.PartBytes)
	counter(descFlushes, st.Flushes)
	counter(descFlushErrors, st.FlushErrors)
	counter(descMerges, st.Merges)
	counter(descMergeErrors, st.MergeErrors)
	counter(descBlocksCopied, st.BlocksCopied)
	counter(descThrottled, st.Throttled)
	counter(descBlocksRead, st.BlocksRead)
	counter(descBlockBytesRead, st.BlockBytesRead)
	counter(descCleanupErrors, st.WALTrimErrors, "wal")
	counter(descCleanupErrors, st.DeleteErrors, "parts")
	counter(descBlocksSkipped, st.BlocksSkippedRange, "range")
	counter(descBlocksSkipped, st.BlocksSkippedFilter, "filter")
	counter(descFiltersRead, st.FiltersRead)
	counter(descReadCacheHits, st.ReadCacheHits)
	gauge(descWALBytes, st.WAL.Size)
	gauge(descWALSegments, int64(st.WAL.Segments))
	var failed int64
	if st.WAL.Failed {
		failed = 1
	}
	gauge(descWALFailed, failed)
	buckets := make(map[float64]uint64, len(st.WAL.FsyncBuckets))
	var cum uint64
	for i, bound := range wal.FsyncBucketBounds() {
		cum += st.WAL.FsyncBuckets[i]
		buckets[bound.Seconds()] = cum
	}
	ch <- prometheus.MustNewConstHistogram(descWALFsync, st.WAL.Fsyncs, st.WAL.FsyncTotal.Seconds(), buckets)
}
