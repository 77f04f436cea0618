package convention

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
)

// ISODate is the date layout of nearly every folder: 2026-01-05.
const ISODate = "2006-01-02"

var (
	ymd = regexp.MustCompile(`(\d{4})([-/.年])(\d{1,2})[-/.月](\d{1,2})(日?)`)
	dmy = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
)

// ParseDate finds a calendar date in s and the Go layout it was written
// in: "2026-01-05", "2026/1/5", "2026-01-05T10:00:00Z", "2026年1月5日", and
// the dd/mm/yyyy that adr-tools wrote before it moved to ISO 8601. An empty
// s is the zero date, ok.
func ParseDate(s string) (d data.Date, layout string, ok bool) {
	if strings.TrimSpace(s) == "" {
		return data.Date{}, "", true
	}
	if m := ymd.FindStringSubmatch(s); m != nil {
		d, ok := dateOf(m[1], m[3], m[4])
		return d, ymdLayout(m), ok
	}
	if m := dmy.FindStringSubmatch(s); m != nil {
		d, ok := dateOf(m[3], m[2], m[1])
		layout := "02/01/2006"
		if len(m[1]) == 1 || len(m[2]) == 1 {
			layout = "2/1/2006"
		}
		return d, layout, ok
	}
	return data.Date{}, "", false
}

func ymdLayout(m []string) string {
	sep, month, day := m[2], "01", "02"
	if len(m[3]) == 1 {
		month = "1"
	}
	if len(m[4]) == 1 {
		day = "2"
	}
	if sep == "年" {
		return "2006年" + month + "月" + day + m[5]
	}
	return "2006" + sep + month + sep + day
}

func dateOf(ys, ms, ds string) (data.Date, bool) {
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || t.Month() != time.Month(mo) || t.Day() != d {
		return data.Date{}, false
	}
	return data.DateOf(t), true
}

// FormatDate writes a date in a folder's layout (ISO 8601 when it has none).
func FormatDate(d data.Date, layout string) string {
	if d.IsZero() {
		return ""
	}
	if layout == "" {
		layout = ISODate
	}
	return d.Time().Format(layout)
}

// DateOfName is the date a log4brains-style name starts with.
func DateOfName(name string) (data.Date, bool) {
	_, digits, _, _, _, ok := Split(name)
	if !ok || !IsDateDigits(digits) {
		return data.Date{}, false
	}
	digits = strings.ReplaceAll(digits, "-", "")
	return dateOf(digits[:4], digits[4:6], digits[6:])
}
