package convention

import (
	"sort"
	"strings"
	"unicode"

	"github.com/kaigi-dev/kaigi/data"
)

func detectWords(samples []Sample) Words {
	w := Words{ByState: map[data.LADRState]string{}}
	votes := map[data.LADRState]map[string]int{}
	super := map[string]int{}
	unknown := map[string]int{}
	for _, s := range samples {
		if p := SupersededPrefix(s.Status); p != "" {
			super[p]++
			continue
		}
		word := statusWordOf(s.Status)
		st, ok := ParseStatus(word)
		if !ok && word != "" {
			unknown[strings.ToLower(word)]++
		}
		if !ok || word == "" {
			continue
		}
		if votes[st] == nil {
			votes[st] = map[string]int{}
		}
		votes[st][word]++
	}
	for st, v := range votes {
		w.ByState[st] = top(v)
	}
	if len(super) > 0 {
		w.SupersededBy = top(super)
	}
	for word, n := range unknown {
		if n >= 2 { // a word two records use is the folder's, not a typo
			w.Own = append(w.Own, word)
		}
	}
	sort.Strings(w.Own)
	if len(w.ByState) == 0 {
		w.ByState = nil
	}
	return w
}

// choices reads the words a template offers for the status:
// "{proposed | rejected | accepted | … | superseded by [ADR-0005](…)}".
func choices(raw string) (words []string, open bool, own []string) {
	raw = strings.TrimSpace(htmlComment.ReplaceAllString(raw, ""))
	if !strings.Contains(raw, "|") {
		return nil, false, nil
	}
	raw = strings.Trim(raw, "{}[]<> ")
	for _, p := range strings.Split(raw, "|") {
		p = strings.TrimSpace(p)
		switch {
		case p == "…" || p == "..." || p == "":
			open = true
		default:
			if _, ok := ParseStatus(statusWordOf(p)); ok {
				words = append(words, strings.ToLower(statusWordOf(p)))
			} else {
				own = append(own, strings.ToLower(statusWordOf(p)))
			}
		}
	}
	return words, open, own
}

func kindOf(c Convention, all []Sample) string {
	switch c.Meta {
	case FrontMatter:
		for _, s := range all {
			for _, kv := range s.FrontKeys {
				if kv.Key == "number" || kv.Key == "superseded-by" {
					return "kaigi"
				}
			}
		}
		return "MADR"
	case DateLine:
		return "adr-tools"
	case Sections:
		return "Rakus LADR"
	}
	if c.Naming.Dated() {
		return "log4brains"
	}
	return "list header"
}

// typicalSections is a folder's shape when it has no template: the
// headings at least half of its records have, in their usual order; those
// fewer than four in five records have are optional.
func typicalSections(samples []Sample) []Section {
	type stat struct {
		key      string
		count    int
		position float64
	}
	stats := map[string]*stat{}
	for _, s := range samples {
		seen := map[string]bool{}
		for i, h := range s.Headings {
			h = cleanHeading(h)
			if seen[h] {
				continue
			}
			seen[h] = true
			st := stats[h]
			if st == nil {
				st = &stat{key: s.Keys[i]}
				stats[h] = st
			}
			st.count++
			st.position += float64(i) / float64(len(s.Headings))
		}
	}
	var out []Section
	for h, st := range stats {
		if st.count*2 >= len(samples) {
			out = append(out, Section{Heading: h, Key: st.key, Optional: !mostHave(st.count, len(samples))})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		pi, pj := stats[out[i].Heading].position/float64(stats[out[i].Heading].count), stats[out[j].Heading].position/float64(stats[out[j].Heading].count)
		if pi != pj {
			return pi < pj
		}
		return out[i].Heading < out[j].Heading
	})
	return out
}

// required is what lint asks of every record: what the template does not
// mark optional, or without a template what the folder's kind always has.
func required(c Convention, tpl *Template) []string {
	var out []string
	if tpl != nil {
		if tpl.Sample.Placement["status"] != "" && !tpl.Optional["status"] {
			out = append(out, Status)
		}
		for _, s := range tpl.Sections {
			if !s.Optional && s.Key != "" && s.Key != Status && s.Key != Date && s.Key != Title {
				out = append(out, s.Key)
			}
		}
		return out
	}
	switch c.Meta {
	case DateLine:
		return []string{Status, Context, Decision, Consequences}
	case Sections:
		return []string{Status, Context, Decision, Consequences}
	}
	return []string{Context, Decision}
}

func top[K comparable](votes map[K]int) K {
	var best K
	bestN := -1
	keys := make([]K, 0, len(votes))
	for k := range votes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	for _, k := range keys {
		if votes[k] > bestN {
			best, bestN = k, votes[k]
		}
	}
	return best
}

func less[K comparable](a, b K) bool {
	return toString(a) < toString(b)
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case Meta:
		return string(x)
	case data.LADRState:
		return string(x)
	}
	return ""
}

func mostCommon(samples []Sample, f func(Sample) string) string {
	votes := map[string]int{}
	for _, s := range samples {
		if v := f(s); v != "" {
			votes[v]++
		}
	}
	if len(votes) == 0 {
		return ""
	}
	return top(votes)
}

func majority(samples []Sample, f func(Sample) bool) bool {
	n := 0
	for _, s := range samples {
		if f(s) {
			n++
		}
	}
	return len(samples) > 0 && n*2 > len(samples)
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}
