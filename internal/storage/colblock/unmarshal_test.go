package colblock

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rawBlock assembles block bytes from parts, so tests can write headers and
// payloads that Marshal never would.
type rawBlock struct {
	magic   string
	version byte
	rows    uint64
	lo, hi  int64
	sys     [numSystemColumns][]byte
	fields  []rawField
}

type rawField struct {
	name    string
	typ     FieldType
	payload []byte
}

func (r rawBlock) bytes() []byte {
	if r.version == formatVersion1 {
		return r.bytesV1()
	}
	var dst []byte
	dst = append(dst, r.magic...)
	dst = append(dst, r.version, 0, 0, 0, 0)
	dst = binary.AppendUvarint(dst, r.rows)
	dst = binary.AppendVarint(dst, r.lo)
	dst = binary.AppendVarint(dst, r.hi)
	dst = binary.AppendUvarint(dst, uint64(len(r.fields)))
	entry := func(p []byte) {
		dst = binary.AppendUvarint(dst, uint64(len(p)))
		dst = binary.LittleEndian.AppendUint32(dst, crc32.Checksum(p, castagnoli))
	}
	for _, p := range r.sys {
		entry(p)
	}
	for _, f := range r.fields {
		dst = binary.AppendUvarint(dst, uint64(len(f.name)))
		dst = append(dst, f.name...)
		dst = append(dst, byte(f.typ))
		entry(f.payload)
	}
	binary.LittleEndian.PutUint32(dst[headPrefixLen-4:], uint32(len(dst)-headPrefixLen))
	dst = withCRC(dst)
	for _, p := range r.sys {
		dst = append(dst, p...)
	}
	for _, f := range r.fields {
		dst = append(dst, f.payload...)
	}
	return dst
}

// bytesV1 lays the block out as format version 1 did: one checksum at the
// end over everything.
func (r rawBlock) bytesV1() []byte {
	var dst []byte
	dst = append(dst, r.magic...)
	dst = append(dst, r.version)
	dst = binary.AppendUvarint(dst, r.rows)
	dst = binary.AppendVarint(dst, r.lo)
	dst = binary.AppendVarint(dst, r.hi)
	dst = binary.AppendUvarint(dst, uint64(len(r.fields)))
	for _, p := range r.sys {
		dst = binary.AppendUvarint(dst, uint64(len(p)))
	}
	for _, f := range r.fields {
		dst = binary.AppendUvarint(dst, uint64(len(f.name)))
		dst = append(dst, f.name...)
		dst = append(dst, byte(f.typ))
		dst = binary.AppendUvarint(dst, uint64(len(f.payload)))
	}
	for _, p := range r.sys {
		dst = append(dst, p...)
	}
	for _, f := range r.fields {
		dst = append(dst, f.payload...)
	}
	return withCRC(dst)
}

// withCRC appends the checksum of data.
func withCRC(data []byte) []byte {
	return binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
}

// fixCRC returns a copy of a block with its checksums made right for its
// bytes: a version 2 block's head checksum and those of every payload its
// directory reaches, as far as the directory reads; a version 1 block's one
// checksum at the end.
func fixCRC(block []byte) []byte {
	b := slices.Clone(block)
	if len(b) < headPrefixLen+4 || string(b[:len(blockMagic)]) != blockMagic || b[len(blockMagic)] != formatVersion {
		if len(b) < 4 {
			return b
		}
		return withCRC(b[:len(b)-4])
	}
	end, err := headEnd(b, len(b))
	if err != nil {
		return b
	}
	c := cursor{b: b[headPrefixLen : end-4]}
	c.uvarint("rows")
	c.varint("min")
	c.varint("max")
	nFields := c.uvarint("fields")
	var crcAt, lens []int
	entry := func() {
		n := c.uvarint("length")
		at := end - 4 - len(c.b)
		c.bytes(4, "crc")
		if c.err == nil && n <= uint64(len(b)) {
			crcAt, lens = append(crcAt, at), append(lens, int(n))
		}
	}
	for range numSystemColumns {
		entry()
	}
	for i := uint64(0); i < nFields && c.err == nil; i++ {
		c.bytes(int(min(c.uvarint("name length"), uint64(len(b)))), "name")
		c.byte("type")
		entry()
	}
	off := end
	for i, at := range crcAt {
		if off+lens[i] > len(b) {
			break
		}
		binary.LittleEndian.PutUint32(b[at:], crc32.Checksum(b[off:off+lens[i]], castagnoli))
		off += lens[i]
	}
	binary.LittleEndian.PutUint32(b[end-4:], crc32.Checksum(b[:end-4], castagnoli))
	return b
}

// validRaw is a one-row block with one int field, built by hand.
func validRaw() rawBlock {
	one := []byte{compNone, byte(encConst), 2} // varint 1
	return rawBlock{
		magic: blockMagic, version: formatVersion, rows: 1, lo: 1, hi: 1,
		sys:    [numSystemColumns][]byte{one, one, one, one, {compNone, msgPlain, byte(encConst), 1, 'm'}},
		fields: []rawField{{"n", TypeInt64, []byte{compNone, byte(encBitmapOnes), byte(encBitmapZeros), byte(encConst), 10}}},
	}
}

func TestRawBlockDecodes(t *testing.T) {
	b, err := Unmarshal(validRaw().bytes(), AllColumns())
	if err != nil {
		t.Fatal(err)
	}
	want := NewBlock([]Row{{StoredEvent: event(1, 1, 1, "m").StoredEvent, Fields: []Field{{"n", IntValue(5)}}}})
	want.IngestionTimes[0] = 1
	if d := diffBlocks(want, b); d != "" {
		t.Fatal(d)
	}
}

func TestUnmarshalRejectsBadHeaders(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(r *rawBlock)
	}{
		{"bad magic", func(r *rawBlock) { r.magic = "OWLX" }},
		{"future version", func(r *rawBlock) { r.version = formatVersion + 1 }},
		{"version 0", func(r *rawBlock) { r.version = 0 }},
		{"too many rows", func(r *rawBlock) { r.rows = MaxRows + 1 }},
		{"inverted time range", func(r *rawBlock) { r.lo, r.hi = 2, 1 }},
		{"time range without rows", func(r *rawBlock) { r.rows = 0 }},
		{"timestamp outside the range", func(r *rawBlock) { r.lo, r.hi = 5, 6 }},
		{"too many fields", func(r *rawBlock) {
			for i := 0; i <= MaxFields; i++ {
				r.fields = append(r.fields, rawField{name: string(rune('a' + i%26)), typ: TypeInt64})
			}
		}},
		{"unsorted fields", func(r *rawBlock) { r.fields = append(r.fields, rawField{"a", TypeInt64, r.fields[0].payload}) }},
		{"repeated field", func(r *rawBlock) { r.fields = append(r.fields, r.fields[0]) }},
		{"bad field type", func(r *rawBlock) { r.fields[0].typ = 9 }},
		{"long field name", func(r *rawBlock) { r.fields[0].name = string(make([]byte, MaxFieldNameLen+1)) }},
		{"bad compression", func(r *rawBlock) { r.sys[colStreams] = []byte{7, byte(encConst), 2} }},
		{"trailing column bytes", func(r *rawBlock) { r.sys[colSeqs] = []byte{compNone, byte(encConst), 2, 0} }},
		{"empty column", func(r *rawBlock) { r.sys[colSeqs] = nil }},
		{"none encoding with rows", func(r *rawBlock) { r.sys[colSeqs] = []byte{compNone, byte(encNone)} }},
		{"bad message mode", func(r *rawBlock) { r.sys[colMessages] = []byte{compNone, 9, byte(encConst), 0} }},
		{"field values for no rows", func(r *rawBlock) {
			r.fields[0].payload = []byte{compNone, byte(encBitmapZeros), byte(encBitmapZeros), byte(encConst), 10}
		}},
		{"no values for a row", func(r *rawBlock) {
			r.fields[0].payload = []byte{compNone, byte(encBitmapOnes), byte(encBitmapZeros), byte(encNone)}
		}},
		{"nulls not present", func(r *rawBlock) {
			r.fields[0].payload = []byte{compNone, byte(encBitmapZeros), byte(encBitmapOnes), byte(encNone)}
		}},
		{"null column with values", func(r *rawBlock) { r.fields[0].typ = TypeNull }},
		{"zstd size lie", func(r *rawBlock) {
			body := []byte{byte(encConst), 2}
			r.sys[colStreams] = append([]byte{compZstd, 3}, sharedZstdEncoder().EncodeAll(body, nil)...)
		}},
		{"zstd size beyond the limit", func(r *rawBlock) {
			r.sys[colStreams] = binary.AppendUvarint([]byte{compZstd}, MaxBlockBytes+1)
		}},
		{"too wide to decode", func(r *rawBlock) {
			r.rows, r.fields = MaxRows, nil
			for i := 0; i < 200; i++ {
				r.fields = append(r.fields, rawField{fmt.Sprintf("f%03d", i), TypeString,
					[]byte{compNone, byte(encBitmapOnes), byte(encBitmapZeros), byte(encConst), 1, 'x'}})
			}
		}},
		{"zstd garbage", func(r *rawBlock) { r.sys[colStreams] = []byte{compZstd, 2, 1, 2, 3, 4} }},
	}
	if _, err := Unmarshal(validRaw().bytes(), AllColumns()); err != nil {
		t.Fatalf("the unbroken block fails: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRaw()
			tt.breakIt(&r)
			_, err := Unmarshal(r.bytes(), AllColumns())
			wantCorruption(t, err)
		})
	}
}

func sampleBlock() *Block {
	var rows []Row
	for i := 0; i < 200; i++ {
		rows = append(rows, jsonRow(int64(i/50), int64(1000+i), uint64(i),
			`{"level":"info","status":`+itoa(200+i%5)+`,"user":"u`+itoa(i%13)+`","ms":`+itoa(i)+`}`))
	}
	return NewBlock(rows)
}

func TestUnmarshalColumnSets(t *testing.T) {
	full := sampleBlock()
	data := full.Marshal(nil)
	tests := []struct {
		name       string
		want       ColumnSet
		wantFields []string
	}{
		{"nothing", ColumnSet{}, nil},
		{"timestamps", ColumnSet{Timestamps: true}, nil},
		{"messages only", ColumnSet{Messages: true}, nil},
		{"system columns", ColumnSet{Streams: true, Timestamps: true, IngestionTimes: true, Seqs: true}, nil},
		{"named fields", ColumnSet{Fields: []string{"user", "status", "missing"}}, []string{"status", "user"}},
		{"all fields", ColumnSet{AllFields: true}, []string{"level", "ms", "status", "user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Unmarshal(data, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			want := &Block{}
			if tt.want.Streams {
				want.Streams = full.Streams
			}
			if tt.want.Timestamps {
				want.Timestamps = full.Timestamps
			}
			if tt.want.IngestionTimes {
				want.IngestionTimes = full.IngestionTimes
			}
			if tt.want.Seqs {
				want.Seqs = full.Seqs
			}
			if tt.want.Messages {
				want.Messages = full.Messages
			}
			for _, name := range tt.wantFields {
				for _, c := range full.Fields {
					if c.Name == name {
						want.Fields = append(want.Fields, c)
					}
				}
			}
			if d := diffBlocks(want, got); d != "" {
				t.Fatal(d)
			}
			if !tt.want.Timestamps && got.Timestamps != nil || !tt.want.Messages && got.Messages != nil {
				t.Fatal("an unrequested column was returned")
			}
		})
	}
}

// TestUnmarshalSkipsColumns breaks one column and shows that decoding the
// others never touches it.
func TestUnmarshalSkipsColumns(t *testing.T) {
	data := sampleBlock().Marshal(nil)
	h, err := parseHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	var status columnRef
	for _, f := range h.fields {
		if f.name == "status" {
			status = f
		}
	}
	broken := slices.Clone(data)
	for i := 0; i < len(status.payload); i++ {
		broken[status.offset+i] = 0xff
	}
	if _, err := Unmarshal(broken, ColumnSet{Timestamps: true, Fields: []string{"user", "level"}}); err != nil {
		t.Fatalf("decoding other columns failed: %v", err)
	}
	_, err = Unmarshal(broken, ColumnSet{Fields: []string{"status"}})
	wantCorruption(t, err)
	// The messages reference status, so they need it too.
	_, err = Unmarshal(broken, ColumnSet{Messages: true})
	wantCorruption(t, err)
}

func TestUnmarshalDetectsDamage(t *testing.T) {
	data := sampleBlock().Marshal(nil)
	for n := 0; n < len(data); n++ {
		_, err := Unmarshal(data[:n], AllColumns())
		wantCorruption(t, err)
	}
	for i := 0; i < len(data); i++ {
		damaged := slices.Clone(data)
		damaged[i] ^= 0x10
		_, err := Unmarshal(damaged, AllColumns())
		wantCorruption(t, err)
	}
	_, err := Unmarshal(append(slices.Clone(data), 0), AllColumns())
	wantCorruption(t, err)
}

func TestDecodeHeader(t *testing.T) {
	b := sampleBlock()
	h, err := DecodeHeader(b.Marshal(nil))
	if err != nil {
		t.Fatal(err)
	}
	if h.Rows != 200 || h.MinTimestamp != 1000 || h.MaxTimestamp != 1199 {
		t.Fatalf("got %+v", h)
	}
	want := []FieldInfo{{"level", TypeString}, {"ms", TypeInt64}, {"status", TypeInt64}, {"user", TypeString}}
	if !slices.Equal(h.Fields, want) {
		t.Fatalf("got fields %v, want %v", h.Fields, want)
	}
	_, err = DecodeHeader([]byte("short"))
	wantCorruption(t, err)
}

func TestMarshalAppends(t *testing.T) {
	b := sampleBlock()
	prefix := []byte("prefix")
	data := b.Marshal(slices.Clone(prefix))
	if string(data[:len(prefix)]) != string(prefix) {
		t.Fatal("Marshal overwrote dst")
	}
	got, err := Unmarshal(data[len(prefix):], AllColumns())
	if err != nil {
		t.Fatal(err)
	}
	if d := diffBlocks(b, got); d != "" {
		t.Fatal(d)
	}
	if again := b.Marshal(nil); string(again) != string(data[len(prefix):]) {
		t.Fatal("Marshal is not deterministic")
	}
}

// TestUnmarshalCodedStrings decodes dictionary, constant and plain string
// columns with CodedStrings: the first two come as codes with the same
// values, the last as strings, and decoding messages turns codes off.
func TestUnmarshalCodedStrings(t *testing.T) {
	var rows []Row
	for i := range 300 {
		msg := `{"level":"info","user":"u` + itoa(i%13) + `","id":"` + itoa(i*7919) + `"}`
		if i%10 == 3 {
			msg = `{"id":null,"other":1}`
		}
		rows = append(rows, jsonRow(1, int64(1000+i), uint64(i), msg))
	}
	data := NewBlock(rows).Marshal(nil)
	plain, err := Unmarshal(data, ColumnSet{AllFields: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		want  ColumnSet
		coded []string // the columns that come coded
	}{
		{"fields", ColumnSet{AllFields: true, CodedStrings: true}, []string{"level", "user"}},
		{"known exact", ColumnSet{Fields: []string{"user"}, CodedStrings: true}, []string{"user"}},
		{"messages", ColumnSet{AllFields: true, Messages: true, CodedStrings: true}, nil},
		{"exact", ColumnSet{AllFields: true, Exact: true, CodedStrings: true}, nil},
		{"contains", ColumnSet{AllFields: true, Contains: []string{"u1"}, CodedStrings: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Unmarshal(data, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			var coded []string
			for _, c := range got.Fields {
				if c.Dict != nil {
					coded = append(coded, c.Name)
					if c.Strings != nil || len(c.Codes) != len(rows) {
						t.Errorf("%s: coded column with %d strings and %d codes", c.Name, len(c.Strings), len(c.Codes))
					}
				}
				var p *FieldColumn
				for i := range plain.Fields {
					if plain.Fields[i].Name == c.Name {
						p = &plain.Fields[i]
					}
				}
				for i := range rows {
					a, aok := p.Value(i)
					b, bok := c.Value(i)
					if aok != bok || a != b {
						t.Fatalf("%s row %d: %v %v, want %v %v", c.Name, i, b, bok, a, aok)
					}
				}
			}
			if !slices.Equal(coded, tt.coded) {
				t.Errorf("coded columns %q, want %q", coded, tt.coded)
			}
		})
	}
}

// readOldBlock reads testdata/name, a block the encoder of format version
// wrote, checks it decodes to rows, and returns its bytes.
func readOldBlock(t *testing.T, name string, version byte, rows []Row) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if data[len(blockMagic)] != version {
		t.Fatalf("%s is not a version %d block", name, version)
	}
	got, err := Unmarshal(data, AllColumns())
	if err != nil {
		t.Fatal(err)
	}
	if d := diffBlocks(NewBlock(rows), got); d != "" {
		t.Fatal(d)
	}
	return data
}

// readOldBlocks decodes each file of testdata, written by the encoder of
// version, checks it holds rows, and that none of its columns uses the
// encoding named later, which a later version added.
func readOldBlocks(t *testing.T, version byte, files map[string][]Row, later string) {
	t.Helper()
	for name, rows := range files {
		t.Run(name, func(t *testing.T) {
			data := readOldBlock(t, name, version, rows)
			var sb strings.Builder
			if err := WriteDebug(&sb, data); err != nil || strings.Contains(sb.String(), later) {
				t.Fatalf("WriteDebug = %v; a version %d block with %s columns:\n%s", err, version, later, sb.String())
			}
		})
	}
}

// TestVersion1Blocks decodes blocks written in format version 1, which
// parts written before version 2 still hold: the files in testdata were
// written by the version 1 encoder.
func TestVersion1Blocks(t *testing.T) {
	var compressed []Row
	for i := 0; i < 200; i++ {
		compressed = append(compressed, jsonRow(int64(i/50), int64(1000+i), uint64(i),
			`{"level":"info","status":`+itoa(200+i%5)+`,"user":"u`+itoa(i%13)+`","ms":`+itoa(i)+`, "pad":"a long value that repeats so that zstd has something to do in the message column"}`))
	}
	for name, rows := range map[string][]Row{"small_block.v1.bin": goldenBlocks["small_block"], "compressed_block.v1.bin": compressed} {
		t.Run(name, func(t *testing.T) {
			data := readOldBlock(t, name, formatVersion1, rows)
			if _, err := Unmarshal(data, ColumnSet{Fields: []string{"user"}, CodedStrings: true}); err != nil {
				t.Fatal(err)
			}
			// One checksum covers a version 1 block: any damage anywhere
			// fails any decoding.
			for i := range data {
				damaged := slices.Clone(data)
				damaged[i] ^= 0x04
				_, err := Unmarshal(damaged, ColumnSet{Timestamps: true})
				wantCorruption(t, err)
			}
		})
	}
	r := validRaw()
	r.version = formatVersion1
	if _, err := Unmarshal(r.bytes(), AllColumns()); err != nil {
		t.Fatalf("hand-built version 1 block: %v", err)
	}
}
