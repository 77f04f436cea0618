package notionfake

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Snapshot serializes the whole workspace (users, tokens, pages, databases, blocks,
// sharing, pending webhook events) as JSON.
func (f *Fake) Snapshot() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return marshalWorkspace(f.ws)
}

func marshalWorkspace(w *workspace) ([]byte, error) { return json.MarshalIndent(w, "", " ") }

// Restore replaces the workspace with one produced by Snapshot.
func (f *Fake) Restore(data []byte) error {
	ws := &workspace{}
	if err := json.Unmarshal(data, ws); err != nil {
		return fmt.Errorf("notionfake: reading state: %w", err)
	}
	for _, m := range []bool{ws.Tokens == nil, ws.Pages == nil, ws.Databases == nil, ws.Blocks == nil, ws.Children == nil} {
		if m {
			return fmt.Errorf("notionfake: state is incomplete")
		}
	}
	if ws.Shares == nil {
		ws.Shares = map[string][]string{} // state written before sharing was modelled
	}
	ws.ensureSources() // state written before data sources were modelled
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ws = ws
	return nil
}

// writeFileAtomic writes data to a temp file in the same directory and renames it over
// path, so a crash never leaves a half-written state file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
