package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// LADRFile is a record's file in a folder: its identity. Content is the
// file's bytes as kaigi last read or wrote them and Base the record as it
// was then (JSON owned by package ladr); both are empty for mappings made
// before kaigi kept them.
type LADRFile struct {
	Folder   string
	Path     string // the file's name inside the folder, slash-separated
	LADRID   LADRID
	Content  []byte
	Base     string
	SyncedAt string
}

// LADRFiles returns the files of a folder, with the mappings made before
// folders were told apart (folder ""), by path.
func (s *Store) LADRFiles(ctx context.Context, folder string) ([]LADRFile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.folder, f.path, f.ladr_id, f.content, f.base, f.synced_at
		FROM ladr_file_links f JOIN ladrs l ON l.id = f.ladr_id
		WHERE f.folder IN (?, '') AND l.deleted_at IS NULL ORDER BY f.folder DESC, f.path`, folder)
	if err != nil {
		return nil, fmt.Errorf("list LADR files of %s: %w", folder, err)
	}
	return scanLADRFiles(rows)
}

func scanLADRFiles(rows *sql.Rows) ([]LADRFile, error) {
	defer rows.Close()
	var out []LADRFile
	for rows.Next() {
		var f LADRFile
		if err := rows.Scan(&f.Folder, &f.Path, &f.LADRID, &f.Content, &f.Base, &f.SyncedAt); err != nil {
			return nil, fmt.Errorf("scan LADR file: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// LADRFilesOf returns every file a record has, in any folder.
func (s *Store) LADRFilesOf(ctx context.Context, id LADRID) ([]LADRFile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT folder, path, ladr_id, content, base, synced_at
		FROM ladr_file_links WHERE ladr_id = ? ORDER BY folder, path`, id)
	if err != nil {
		return nil, fmt.Errorf("list files of LADR %s: %w", id, err)
	}
	return scanLADRFiles(rows)
}

// LADRsWithFiles returns the records that have a file in some folder.
func (s *Store) LADRsWithFiles(ctx context.Context) (map[LADRID]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT ladr_id FROM ladr_file_links`)
	if err != nil {
		return nil, fmt.Errorf("list LADRs with files: %w", err)
	}
	defer rows.Close()
	out := map[LADRID]bool{}
	for rows.Next() {
		var id LADRID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan LADR id: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// SaveLADRFiles remembers files in one transaction: a file's path holds its
// record, and a record has one file per folder, so a record's older file
// in the same folder (renamed by hand) and a legacy mapping of the same
// path are replaced.
func (s *Store) SaveLADRFiles(ctx context.Context, files []LADRFile) error {
	for _, f := range files {
		if f.Path == "" || f.LADRID == "" {
			return Invalid("path", "an LADR file needs a path and a record")
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, f := range files {
			if _, err := tx.ExecContext(ctx, `DELETE FROM ladr_file_links WHERE (folder = ? AND ladr_id = ? AND path <> ?)
				OR (folder = '' AND (path = ? OR ladr_id = ?) AND ? <> '')`, f.Folder, f.LADRID, f.Path, f.Path, f.LADRID, f.Folder); err != nil {
				return fmt.Errorf("replace LADR file %s: %w", f.Path, err)
			}
			content := f.Content
			if content == nil {
				content = []byte{}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ladr_file_links (folder, path, ladr_id, content, base, synced_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (folder, path) DO UPDATE SET ladr_id = excluded.ladr_id,
				content = excluded.content, base = excluded.base, synced_at = excluded.synced_at`,
				f.Folder, f.Path, f.LADRID, content, f.Base, formatTime(s.now())); err != nil {
				return fmt.Errorf("remember LADR file %s: %w", f.Path, err)
			}
		}
		return nil
	})
}

// LADRFolder returns what kaigi stored about a folder's convention, or ""
// when it knows nothing about the folder.
func (s *Store) LADRFolder(ctx context.Context, folder string) (string, error) {
	var conv string
	err := s.db.QueryRowContext(ctx, `SELECT convention FROM ladr_folders WHERE folder = ?`, folder).Scan(&conv)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read LADR folder %s: %w", folder, err)
	}
	return conv, nil
}

// SaveLADRFolder stores a folder's convention.
func (s *Store) SaveLADRFolder(ctx context.Context, folder, convention string) error {
	if folder == "" {
		return Invalid("folder", "an LADR folder needs a name")
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO ladr_folders (folder, convention, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (folder) DO UPDATE SET convention = excluded.convention, updated_at = excluded.updated_at
		WHERE convention <> excluded.convention`, folder, convention, formatTime(s.now())); err != nil {
		return fmt.Errorf("save LADR folder %s: %w", folder, err)
	}
	return nil
}
