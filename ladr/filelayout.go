package ladr

// layout is where things are in a parsed file, as byte offsets into its
// normalized text (no byte order mark, LF line ends), so that an edit can
// replace one field's bytes and keep every other byte.
type layout struct {
	text     string
	fm       *fmBlock
	title    *span // the "# ..." line
	preamble span  // between the title and the first section
	fields   map[string]fieldSpan
	sections []sectionSpan
}

type span struct{ start, end int }

// fmBlock is the YAML between the two "---" lines.
type fmBlock struct {
	start, end int
	keys       []fmKey
}

// fieldSpan is a metadata line under the title: its whole line and the
// value in it.
type fieldSpan struct {
	where string // convention.InList or convention.InLine
	line  span
	value span
	label string
}

// sectionSpan is a heading and everything up to the next one.
type sectionSpan struct {
	key     string // standard key, "" for the folder's own sections
	heading string
	level   int
	head    span
	body    span
	text    string // the body as a record keeps it (see sectionText)
}

// key returns the front matter key for a canonical field, if the file has it.
func (l layout) key(field string) (fmKey, bool) {
	if l.fm == nil {
		return fmKey{}, false
	}
	for _, k := range l.fm.keys {
		if k.field == field {
			return k, true
		}
	}
	return fmKey{}, false
}

// section returns the section with a standard key.
func (l layout) section(key string) (sectionSpan, bool) {
	for _, s := range l.sections {
		if s.key == key {
			return s, true
		}
	}
	return sectionSpan{}, false
}

// original maps offsets in the normalized text back to the file's bytes,
// which may carry a byte order mark and CRLF or CR line ends.
type original struct {
	src []byte
	pos []int // pos[i] is the offset in src of normalized byte i; pos[len] = len(src)
}

func newOriginal(src []byte) original {
	o := original{src: src, pos: make([]int, 0, len(src)+1)}
	i := 0
	if len(src) >= 3 && src[0] == 0xef && src[1] == 0xbb && src[2] == 0xbf {
		i = 3
	}
	for i < len(src) {
		o.pos = append(o.pos, i)
		if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i += 2
			continue
		}
		i++
	}
	o.pos = append(o.pos, len(src))
	return o
}

// at is the offset in the file of normalized offset n.
func (o original) at(n int) int { return o.pos[n] }

// newline is the file's line end: CRLF when most of its lines end so.
func (o original) newline() string {
	crlf, lf := 0, 0
	for i, b := range o.src {
		if b == '\n' {
			if i > 0 && o.src[i-1] == '\r' {
				crlf++
			} else {
				lf++
			}
		}
	}
	if crlf > lf {
		return "\r\n"
	}
	return "\n"
}
