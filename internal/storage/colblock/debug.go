package colblock

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDebug writes a human-readable account of the encoded block in src:
// the header, each column's place, compression, encodings and bytes, and the
// decoded rows. Golden tests compare it, and it is the first tool to reach
// for when a block will not decode.
func WriteDebug(w io.Writer, src []byte) error {
	h, err := parseHeader(src)
	if err != nil {
		return err
	}
	var sb strings.Builder
	version := src[len(blockMagic)]
	fmt.Fprintf(&sb, "block: %d bytes, format version %d, %d rows, timestamps [%d, %d], %d fields\n",
		len(src), version, h.rows, h.minTs, h.maxTs, len(h.fields))
	if version != formatVersion1 {
		end, _ := headEnd(src, len(src))
		fmt.Fprintf(&sb, "head: %d bytes, crc32c %08x\n", end, binary.LittleEndian.Uint32(src[end-4:]))
	}
	for i := range h.sys {
		if err := writeColumnDebug(&sb, &h.sys[i], "", i == colMessages); err != nil {
			return err
		}
	}
	for i := range h.fields {
		f := &h.fields[i]
		if err := writeColumnDebug(&sb, f, " "+f.typ.String(), false); err != nil {
			return err
		}
	}
	if version == formatVersion1 {
		fmt.Fprintf(&sb, "crc32c %08x\n", binary.LittleEndian.Uint32(src[len(src)-4:]))
	}

	b, err := Unmarshal(src, AllColumns())
	if err != nil {
		return err
	}
	sb.WriteString("rows:\n")
	for i, row := range b.AppendRows(nil) {
		fmt.Fprintf(&sb, "  %d: stream=%d ts=%d ingested=%d seq=%d message=%q\n",
			i, row.StreamID, row.Timestamp, row.IngestionTime, row.Seq, row.Message)
		for _, f := range row.Fields {
			fmt.Fprintf(&sb, "       %s=%s\n", f.Name, debugValue(f.Value))
		}
	}
	_, err = io.WriteString(w, sb.String())
	return err
}

// writeColumnDebug describes one column payload.
func writeColumnDebug(sb *strings.Builder, ref *columnRef, typ string, messages bool) error {
	if err := ref.check(); err != nil {
		return err
	}
	body, err := columnBody(ref.payload, newBudget(), ref.name)
	if err != nil {
		return err
	}
	fmt.Fprintf(sb, "column %s%s: offset %d, %d bytes", ref.name, typ, ref.offset, len(ref.payload))
	if ref.checked {
		fmt.Fprintf(sb, ", crc32c %08x", ref.crc)
	}
	if ref.payload[0] == compZstd {
		// Show what the zstd frame holds: the frame itself is opaque.
		fmt.Fprintf(sb, ", zstd of %d bytes", len(body))
	}
	switch {
	case messages && len(body) >= 2:
		mode := "plain"
		if body[0] == msgTemplated {
			mode = "templated"
		}
		fmt.Fprintf(sb, ", mode %s, encoding %s", mode, encoding(body[1]))
	case typ != "" && len(body) >= 3:
		fmt.Fprintf(sb, ", presence %s, nulls %s, values %s", encoding(body[0]), encoding(body[1]), encoding(body[2]))
	case len(body) >= 1:
		fmt.Fprintf(sb, ", encoding %s", encoding(body[0]))
	}
	sb.WriteString("\n")
	shown := ref.payload
	if ref.payload[0] == compZstd {
		shown = body
	}
	for _, line := range strings.SplitAfter(hex.Dump(shown), "\n") {
		if line != "" {
			sb.WriteString("    " + line)
		}
	}
	return nil
}

func debugValue(v Value) string {
	switch v.Type {
	case TypeString:
		return strconv.Quote(v.Str)
	case TypeInt64:
		return strconv.FormatInt(v.Int, 10) + " (int64)"
	case TypeFloat64:
		return strconv.FormatFloat(v.Float, 'g', -1, 64) + " (float64)"
	case TypeBool:
		return strconv.FormatBool(v.Bool)
	}
	return "null"
}
