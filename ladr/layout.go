package ladr

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/kaigi-dev/kaigi/data"
)

// Default places of LADR files in an engineering repository.
const (
	DefaultDir     = "docs/ladr"
	DefaultPattern = "{number}-{slug}.md"
	IndexName      = "README.md"
)

// Layout says where LADR files live and how they are named. Pattern holds
// {number} (zero-padded to four digits) and {slug}; it must end in ".md" and
// name a file, not a folder.
type Layout struct {
	Dir     string
	Pattern string
}

// CheckPattern reports a pattern that cannot name LADR files.
func CheckPattern(p string) error {
	switch {
	case !strings.Contains(p, "{number}"):
		return data.Invalid("pattern", "file name pattern %q needs {number} so that files do not collide", p)
	case !strings.HasSuffix(p, ".md"):
		return data.Invalid("pattern", "file name pattern %q must end in .md", p)
	case strings.ContainsAny(p, `/\`):
		return data.Invalid("pattern", "file name pattern %q must be a file name; set the folder separately", p)
	}
	return nil
}

// FileName is the name of the file for an LADR number and slug.
func (ly Layout) FileName(number int, slug string) string {
	p := ly.Pattern
	if p == "" {
		p = DefaultPattern
	}
	return strings.NewReplacer("{number}", fmt.Sprintf("%04d", number), "{slug}", slug).Replace(p)
}

// Path is the slash-separated path of the file inside the repository.
func (ly Layout) Path(number int, slug string) string {
	dir := ly.Dir
	if dir == "" {
		dir = DefaultDir
	}
	return path.Join(dir, ly.FileName(number, slug))
}

// BranchName is the git branch for an LADR's pull request.
func BranchName(number int, slug string) string {
	return fmt.Sprintf("ladr/%04d-%s", number, slug)
}

// NumberFromBranch reads the LADR number out of a branch made by BranchName.
func NumberFromBranch(branch string) (int, bool) {
	rest, ok := strings.CutPrefix(branch, "ladr/")
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}
