package main

import (
	"flag"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/kaigi-dev/kaigi/notion"
	"github.com/kaigi-dev/kaigi/notion/codec"
)

// config is what every command that touches the database shares.
type config struct {
	DB     string
	Logger *slog.Logger
	// Lang is the server's language, "ja" or "en" (KAIGI_LANG): the
	// language of the names `notion init` gives databases and options, and of
	// options kaigi adds. The web app's messages will follow it too.
	Lang string
	// Zone is the server's time zone (KAIGI_TZ, else TZ, else UTC): the
	// team's day where no series or person names one.
	Zone *time.Location
}

// addLangFlag registers --lang with its KAIGI_LANG fallback.
func addLangFlag(fs *flag.FlagSet, cfg *config, env map[string]string) {
	fs.StringVar(&cfg.Lang, "lang", envOr(env, "KAIGI_LANG", "en"), "the team's language, ja or en: names in Notion (env KAIGI_LANG)")
}

// lang checks the configured language.
func (c config) lang() (notion.Lang, error) {
	l, ok := codec.ParseLang(c.Lang)
	if !ok {
		return "", usagef("--lang (KAIGI_LANG) must be ja or en, got %q", c.Lang)
	}
	return l, nil
}

// defaultDB is the per-user data folder (XDG), or ./kaigi.db when there is
// no home directory.
func defaultDB(env map[string]string) string {
	if dir := env["XDG_DATA_HOME"]; dir != "" {
		return filepath.Join(dir, "kaigi", "kaigi.db")
	}
	if home := env["HOME"]; home != "" {
		return filepath.Join(home, ".local", "share", "kaigi", "kaigi.db")
	}
	return "kaigi.db"
}

// addDBFlag registers --db with its KAIGI_DB fallback.
func addDBFlag(fs *flag.FlagSet, cfg *config, env map[string]string) {
	def := env["KAIGI_DB"]
	if def == "" {
		def = defaultDB(env)
	}
	fs.StringVar(&cfg.DB, "db", def, "SQLite database file (env KAIGI_DB)")
	// serve checks the zone's name (--time-zone); elsewhere a bad one is UTC.
	if loc, err := time.LoadLocation(envOr(env, "KAIGI_TZ", envOr(env, "TZ", "UTC"))); err == nil {
		cfg.Zone = loc
	}
}

func envOr(env map[string]string, key, def string) string {
	if v := env[key]; v != "" {
		return v
	}
	return def
}

func dirOf(path string) string {
	d := filepath.Dir(path)
	if d == "" {
		return "."
	}
	return d
}

func newLogger(io stdio, env map[string]string) *slog.Logger {
	level, _ := logLevel(env)
	return levelLogger(io, level)
}

func levelLogger(io stdio, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(io.err, &slog.HandlerOptions{Level: level}))
}

// logLevel reads KAIGI_LOG_LEVEL (debug, info, warn or error); set reports
// whether it names one, else the level is info.
func logLevel(env map[string]string) (level slog.Level, set bool) {
	if err := level.UnmarshalText([]byte(env["KAIGI_LOG_LEVEL"])); err != nil || env["KAIGI_LOG_LEVEL"] == "" {
		return slog.LevelInfo, false
	}
	return level, true
}
