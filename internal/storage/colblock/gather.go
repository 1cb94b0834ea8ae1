package colblock

// RowRef names row Row of a decoded Block.
type RowRef struct {
	Block *Block
	Row   int
}

// Gather builds the block of the rows refs name, in their order: what
// NewBlock builds from those rows taken out with AppendRows, without the
// rows. A merge takes most of its rows in runs from one block, so each
// run's field columns are looked up once rather than every row's field
// names, and no row holds a copy of its values. The source blocks must
// be complete and stay unchanged while the result is in use: its strings
// are theirs.
//
// When the sources together have more than MaxFields field names, the
// ones kept are the first met run by run, each run's in name order (where
// NewBlock keeps those first met row by row).
func Gather(refs []RowRef) *Block {
	n := len(refs)
	b := newBuiltBlock(n)
	builds := make(map[string]*fieldBuild)
	var order []*fieldBuild
	for start := 0; start < n; {
		src := refs[start].Block
		end := start + 1
		for end < n && refs[end].Block == src {
			end++
		}
		for k := start; k < end; k++ {
			i := refs[k].Row
			b.Streams[k] = src.Streams[i]
			b.Timestamps[k] = src.Timestamps[i]
			b.IngestionTimes[k] = src.IngestionTimes[i]
			b.Seqs[k] = src.Seqs[i]
			b.Messages[k] = src.Messages[i]
		}
		for c := range src.Fields {
			col := &src.Fields[c]
			fb, looked := (*fieldBuild)(nil), false
			for k := start; k < end; k++ {
				v, ok := col.Value(refs[k].Row)
				if !ok {
					continue
				}
				// A column none of the run's rows has makes no column.
				if !looked {
					looked = true
					if fb = builds[col.Name]; fb == nil && len(order) < MaxFields && len(col.Name) <= MaxFieldNameLen {
						fb = getFieldBuild(col.Name, n)
						builds[col.Name] = fb
						order = append(order, fb)
					}
				}
				if fb == nil {
					break
				}
				fb.add(k, v)
			}
		}
		start = end
	}
	b.setFields(order, n)
	return b
}
