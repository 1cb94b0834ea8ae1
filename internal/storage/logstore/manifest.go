package logstore

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path/filepath"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// The manifest lists the live parts and the state that goes with them. It
// is rewritten whole, atomically (temporary file, fsync, rename, directory
// sync), after every change to the set of parts.
//
//	manifest := magic "OWLM" | version u8 | watermark uvarint
//	            | next part id uvarint | epoch uvarint
//	            | part count uvarint | part*
//	            | group count uvarint | group tombstones*
//	            | cutoff count uvarint | cutoff*
//	            | CRC-32C of everything before (4)
//	part     := meta (as in the index file) | index size uvarint
//	            | clean epoch uvarint
//	group tombstones := group varint | below uvarint | epoch uvarint
//	            | stream count uvarint
//	            | { stream varint | below uvarint | epoch uvarint }*
//	cutoff   := group varint | cutoff timestamp varint
//
// A group's below is 0 when only some of its streams are deleted.

const (
	manifestName  = "MANIFEST"
	manifestMagic = "OWLM"
	// minManifestPartSize is the least a part entry takes: fourteen varints.
	minManifestPartSize = 14
	// maxManifestParts bounds the part count a manifest may declare.
	maxManifestParts = 1 << 24
)

// manifest is the decoded manifest.
type manifest struct {
	// watermark: every event with a smaller Seq is in a part, or deleted.
	watermark  uint64
	nextPartID uint64
	// epoch is the last tombstone epoch handed out.
	epoch   uint64
	parts   []*part
	tombs   map[int64]*groupTombs
	cutoffs map[int64]int64
}

func (m *manifest) encode() []byte {
	dst := append([]byte(manifestMagic), partFormatVersion)
	dst = binary.AppendUvarint(dst, m.watermark)
	dst = binary.AppendUvarint(dst, m.nextPartID)
	dst = binary.AppendUvarint(dst, m.epoch)
	parts := slices.Clone(m.parts)
	slices.SortFunc(parts, func(a, b *part) int { return cmp.Compare(a.meta.id, b.meta.id) })
	dst = binary.AppendUvarint(dst, uint64(len(parts)))
	for _, p := range parts {
		dst = appendMeta(dst, &p.meta)
		dst = binary.AppendUvarint(dst, uint64(p.indexSize))
		dst = binary.AppendUvarint(dst, p.clean)
	}
	groups := sortedKeys(m.tombs)
	dst = binary.AppendUvarint(dst, uint64(len(groups)))
	for _, g := range groups {
		t := m.tombs[g]
		dst = binary.AppendVarint(dst, g)
		dst = binary.AppendUvarint(dst, t.below)
		dst = binary.AppendUvarint(dst, t.epoch)
		streams := sortedKeys(t.streams)
		dst = binary.AppendUvarint(dst, uint64(len(streams)))
		for _, s := range streams {
			dst = binary.AppendVarint(dst, s)
			dst = binary.AppendUvarint(dst, t.streams[s].below)
			dst = binary.AppendUvarint(dst, t.streams[s].epoch)
		}
	}
	groups = sortedKeys(m.cutoffs)
	dst = binary.AppendUvarint(dst, uint64(len(groups)))
	for _, g := range groups {
		dst = binary.AppendVarint(dst, g)
		dst = binary.AppendVarint(dst, m.cutoffs[g])
	}
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst, castagnoli))
}

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// decodeManifest decodes and checks a manifest. Any malformed input returns
// an error wrapping model.ErrCorruption.
func decodeManifest(src []byte) (*manifest, error) {
	if len(src) < len(manifestMagic)+1+4 {
		return nil, model.Errorf(model.ErrCorruption, "manifest of %d bytes is too short", len(src))
	}
	body := src[:len(src)-4]
	if got, want := crc32.Checksum(body, castagnoli), binary.LittleEndian.Uint32(src[len(body):]); got != want {
		return nil, model.Errorf(model.ErrCorruption, "manifest: checksum mismatch: computed %08x, stored %08x", got, want)
	}
	d := decoder{what: "manifest", b: body}
	if string(d.bytes(len(manifestMagic), "magic")) != manifestMagic {
		d.fail("bad magic")
	}
	if v := d.byte("version"); d.err == nil && v != partFormatVersion {
		d.fail("unsupported format version %d", v)
	}
	m := &manifest{
		watermark:  d.uvarint("watermark"),
		nextPartID: d.uvarint("next part id"),
		epoch:      d.uvarint("epoch"),
		tombs:      make(map[int64]*groupTombs),
		cutoffs:    make(map[int64]int64),
	}
	n := d.count("part count", min(maxManifestParts, d.left()/minManifestPartSize))
	ids := make(map[uint64]bool, n)
	for range n {
		p := &part{meta: d.meta()}
		p.indexSize = d.size("index size")
		p.clean = d.uvarint("clean epoch")
		switch {
		case d.err != nil:
		case p.meta.id >= m.nextPartID || ids[p.meta.id]:
			d.fail("part id %d repeated or not below %d", p.meta.id, m.nextPartID)
		case p.clean > m.epoch:
			d.fail("part %d reflects epoch %d, after %d", p.meta.id, p.clean, m.epoch)
		}
		if d.err != nil {
			return nil, d.err
		}
		ids[p.meta.id] = true
		m.parts = append(m.parts, p)
	}
	n = d.count("tombstone group count", d.left()/4)
	for range n {
		g := d.varint("group")
		t := &groupTombs{below: d.uvarint("group below"), epoch: d.uvarint("group epoch")}
		ns := d.count("stream count", d.left()/3)
		if d.err == nil && (m.tombs[g] != nil || t.epoch > m.epoch || (t.below == 0) != (t.epoch == 0) || (t.below == 0 && ns == 0)) {
			d.fail("bad tombstones of group %d", g)
		}
		for range ns {
			s := d.varint("stream")
			st := tomb{below: d.uvarint("stream below"), epoch: d.uvarint("stream epoch")}
			if d.err != nil {
				break
			}
			if _, dup := t.streams[s]; dup || st.below <= t.below || st.epoch == 0 || st.epoch > m.epoch {
				d.fail("bad tombstone of stream %d of group %d", s, g)
				break
			}
			if t.streams == nil {
				t.streams = make(map[int64]tomb, ns)
			}
			t.streams[s] = st
		}
		if d.err != nil {
			return nil, d.err
		}
		m.tombs[g] = t
	}
	n = d.count("cutoff count", d.left()/2)
	for range n {
		g, c := d.varint("group"), d.varint("cutoff")
		if d.err == nil {
			if _, dup := m.cutoffs[g]; dup {
				d.fail("cutoff of group %d repeated", g)
			}
		}
		if d.err != nil {
			return nil, d.err
		}
		m.cutoffs[g] = c
	}
	if d.err == nil && d.left() != 0 {
		d.fail("%d trailing bytes", d.left())
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

// readManifest reads dir's manifest; a missing one reads as empty.
func readManifest(fsys vfs.FS, dir string) (*manifest, error) {
	p := filepath.Join(dir, manifestName)
	f, err := fsys.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &manifest{nextPartID: 1, tombs: map[int64]*groupTombs{}, cutoffs: map[int64]int64{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open manifest: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("cannot stat manifest: %w", err), f.Close())
	}
	b := make([]byte, fi.Size())
	if n, err := f.ReadAt(b, 0); n < len(b) {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, errors.Join(fmt.Errorf("cannot read manifest: %w", err), f.Close())
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("cannot close manifest: %w", err)
	}
	return decodeManifest(b)
}

// writeManifest replaces dir's manifest atomically and durably.
func writeManifest(fsys vfs.FS, dir string, data []byte) (err error) {
	p := filepath.Join(dir, manifestName)
	tmp := p + tempSuffix
	f, err := fsys.Create(tmp)
	if err != nil {
		return fmt.Errorf("cannot create %q: %w", tmp, err)
	}
	defer func() {
		if err == nil {
			return
		}
		if rerr := fsys.Remove(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, fmt.Errorf("cannot remove %q: %w", tmp, rerr))
		}
	}()
	if _, err := f.Write(data); err != nil {
		return errors.Join(fmt.Errorf("cannot write %q: %w", tmp, err), f.Close())
	}
	if err := f.Sync(); err != nil {
		return errors.Join(fmt.Errorf("cannot sync %q: %w", tmp, err), f.Close())
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot close %q: %w", tmp, err)
	}
	if err := fsys.Rename(tmp, p); err != nil {
		return fmt.Errorf("cannot rename %q: %w", tmp, err)
	}
	return vfs.SyncDir(fsys, dir)
}
