package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

const streamColumns = "id, group_id, name, creation_time, first_event_timestamp, last_event_timestamp, " +
	"last_ingestion_time, stored_bytes"

func scanStream(r rowScanner) (model.LogStream, error) {
	var s model.LogStream
	err := r.Scan(&s.ID, &s.GroupID, &s.Name, &s.CreationTime, &s.FirstEventTimestamp, &s.LastEventTimestamp,
		&s.LastIngestionTime, &s.StoredBytes)
	return s, err
}

// CreateLogStream creates an empty stream in the group and returns it with
// its new id. It fails with model.ErrNotFound for an unknown group and with
// model.ErrAlreadyExists when the group has a stream of that name.
func (c *Catalog) CreateLogStream(ctx context.Context, groupID int64, name string, creationTime int64) (model.LogStream, error) {
	s := model.LogStream{GroupID: groupID, Name: name, CreationTime: creationTime}
	// Selecting the group in the INSERT checks that it exists in the same
	// statement: no row inserted means no group.
	err := c.writer.QueryRowContext(ctx, c.d.rebind(`INSERT INTO log_streams (group_id, name, creation_time,
		first_event_timestamp, last_event_timestamp, last_ingestion_time, stored_bytes)
		SELECT id, ?, ?, 0, 0, 0, 0 FROM log_groups WHERE id = ? RETURNING id`),
		name, creationTime, groupID).Scan(&s.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.LogStream{}, errGroupNotFound()
	case c.d.isUniqueViolation(err):
		return model.LogStream{}, model.Errorf(model.ErrAlreadyExists, msgStreamExists)
	case err != nil:
		return model.LogStream{}, unavailable("create log stream", err)
	}
	return s, nil
}

// GetLogStream returns the group's stream of that name, or
// model.ErrNotFound.
func (c *Catalog) GetLogStream(ctx context.Context, groupID int64, name string) (model.LogStream, error) {
	s, err := scanStream(c.getStreamStmt.QueryRowContext(ctx, groupID, name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.LogStream{}, errStreamNotFound()
	case err != nil:
		return model.LogStream{}, unavailable("get log stream", err)
	}
	return s, nil
}

// ListLogStreams returns a page of the group's streams in the order q asks
// for: by name, or by last event timestamp with the name breaking ties
// (streams without events count as timestamp 0), ascending or descending.
// With q.HasAfter the page starts after the stream whose sort key is
// (q.AfterTime, q.AfterName); q.Prefix keeps the names that start with it,
// and q.Limit bounds the page (no bound when <= 0). An unknown group has no
// streams.
func (c *Catalog) ListLogStreams(ctx context.Context, groupID int64, q model.StreamQuery) ([]model.LogStream, error) {
	var b strings.Builder
	args := []any{groupID}
	b.WriteString("SELECT " + streamColumns + " FROM log_streams WHERE group_id = ?")
	if q.Prefix != "" {
		b.WriteString(" AND name >= ?")
		args = append(args, q.Prefix)
		if bound, ok := prefixUpperBound(q.Prefix); ok {
			b.WriteString(" AND name < ?")
			args = append(args, bound)
		}
	}
	cmp, dir := ">", "ASC"
	if q.Descending {
		cmp, dir = "<", "DESC"
	}
	// Keyset pagination: the page resumes strictly after the last key seen,
	// so streams created or updated between pages never repeat a key.
	switch q.Order {
	case model.OrderByLastEventTime:
		if q.HasAfter {
			b.WriteString(" AND (last_event_timestamp " + cmp + " ? OR (last_event_timestamp = ? AND name " + cmp + " ?))")
			args = append(args, q.AfterTime, q.AfterTime, q.AfterName)
		}
		b.WriteString(" ORDER BY last_event_timestamp " + dir + ", name " + dir)
	default:
		if q.HasAfter {
			b.WriteString(" AND name " + cmp + " ?")
			args = append(args, q.AfterName)
		}
		b.WriteString(" ORDER BY name " + dir)
	}
	if q.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, q.Limit)
	}
	const what = "list log streams"
	return queryRows(ctx, c, what, b.String(), args, scanStream)
}

// StreamNames maps the ids of the group's streams to their names; an
// unknown group has none.
func (c *Catalog) StreamNames(ctx context.Context, groupID int64) (map[int64]string, error) {
	const what = "list log stream names"
	rows, err := c.reader.QueryContext(ctx, c.d.rebind("SELECT id, name FROM log_streams WHERE group_id = ?"), groupID)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, unavailable(what, err)
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return names, nil
}

// DeleteLogStream deletes the group's stream of that name, takes its stored
// bytes off the group's, and returns the deleted record so the caller can
// drop its events by id. It returns model.ErrNotFound for an unknown stream.
func (c *Catalog) DeleteLogStream(ctx context.Context, groupID int64, name string) (model.LogStream, error) {
	const what = "delete log stream"
	var s model.LogStream
	err := inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var err error
		s, err = scanStream(tx.QueryRowContext(ctx, c.d.rebind(
			"DELETE FROM log_streams WHERE group_id = ? AND name = ? RETURNING "+streamColumns), groupID, name))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return errStreamNotFound()
		case err != nil:
			return unavailable(what, err)
		}
		if _, err := tx.ExecContext(ctx, c.d.rebind(`UPDATE log_groups SET stored_bytes =
			CASE WHEN stored_bytes > ? THEN stored_bytes - ? ELSE 0 END WHERE id = ?`),
			s.StoredBytes, s.StoredBytes, groupID); err != nil {
			return unavailable(what, err)
		}
		return nil
	})
	if err != nil {
		return model.LogStream{}, err
	}
	return s, nil
}

// ingestStreamSQL folds one batch into a stream's statistics. A first or
// last of 0 means "no events" and leaves the timestamps alone, matching the
// model's 0 for a stream without events; whether first is set comes as a
// boolean argument, whose type every engine infers from AND. CASE rather
// than MIN/MAX of two values, which SQLite spells min()/max() and PostgreSQL
// LEAST/GREATEST.
const ingestStreamSQL = `UPDATE log_streams SET
	first_event_timestamp = CASE WHEN ? AND (first_event_timestamp = 0 OR ? < first_event_timestamp)
		THEN ? ELSE first_event_timestamp END,
	last_event_timestamp = CASE WHEN ? > last_event_timestamp THEN ? ELSE last_event_timestamp END,
	last_ingestion_time = CASE WHEN ? > last_ingestion_time THEN ? ELSE last_ingestion_time END,
	stored_bytes = stored_bytes + ?
	WHERE id = ? AND group_id = ?`

// RecordIngest folds a batch appended to a stream into the catalog: the
// stream's first event timestamp becomes the earliest seen, its last event
// timestamp and last ingestion time the latest, and bytes is added to the
// stream's and the group's stored bytes, all in one transaction. It returns
// model.ErrNotFound when the group has no such stream.
func (c *Catalog) RecordIngest(ctx context.Context, groupID, streamID int64, first, last, ingestion, bytes int64) error {
	const what = "record ingest"
	return inTx(ctx, c.ingester, what, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, c.ingestStreamStmt).ExecContext(ctx,
			first != 0, first, first, last, last, ingestion, ingestion, bytes, streamID, groupID)
		if err != nil {
			return unavailable(what, err)
		}
		if err := mustAffect(res, what, errStreamNotFound); err != nil {
			return err
		}
		// The stream's foreign key guarantees that the group exists.
		if _, err := tx.StmtContext(ctx, c.ingestGroupStmt).ExecContext(ctx, bytes, groupID); err != nil {
			return unavailable(what, err)
		}
		return nil
	})
}
