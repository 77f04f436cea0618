package ladr

import "github.com/kaigi-dev/kaigi/ladr/convention"

// Slug turns a title into the name part of an LADR file as kaigi names
// them: every letter and digit kept ("状態管理にはFlowを採用する" gives
// "状態管理にはflowを採用する", "Use SQLite" gives "use-sqlite"); see
// convention.Naming.Slug. A folder with its own convention names files its
// own way when they are written.
func Slug(title string) string { return convention.KaigiNaming.Slug(title) }
