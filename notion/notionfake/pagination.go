package notionfake

import "strconv"

const maxPageSize = 100

// listed is one candidate of a paginated list. Hidden (trashed) candidates stay in the
// ordering so that a cursor pointing at an item trashed between two pages still resolves.
type listed struct {
	ID     string
	Hidden bool
	Render func() map[string]any
}

// paginateByID pages through items; like Notion, a cursor is the ID of the next item.
func paginateByID(items []listed, cursor string, size int, path string) ([]any, any, *apiError) {
	start := 0
	if cursor != "" {
		id, ok := normalizeID(cursor)
		if !ok {
			return nil, nil, bodyErr("%s.start_cursor should be a valid uuid, instead was `%s`.", path, compact(cursor))
		}
		start = -1
		for i, it := range items {
			if it.ID == id {
				start = i
				break
			}
		}
		if start < 0 {
			return nil, nil, validationErr("The start_cursor provided is invalid: %s", cursor)
		}
	}
	results := []any{}
	for i := start; i < len(items); i++ {
		if items[i].Hidden {
			continue
		}
		if len(results) == size {
			return results, items[i].ID, nil
		}
		results = append(results, items[i].Render())
	}
	return results, nil, nil
}

// pageSizeFrom reads page_size from a JSON body value (nil means the default).
func pageSizeFrom(v any, path string) (int, *apiError) {
	if v == nil {
		return maxPageSize, nil
	}
	n, ok := jsonNumber(v)
	if !ok || n != float64(int(n)) {
		return 0, bodyErr("%s.page_size should be an integer, instead was `%s`.", path, compact(v))
	}
	return checkPageSize(int(n), path)
}

func checkPageSize(n int, path string) (int, *apiError) {
	if n > maxPageSize {
		return 0, bodyErr("%s.page_size should be ≤ `%d`, instead was `%d`.", path, maxPageSize, n)
	}
	if n < 1 {
		return 0, bodyErr("%s.page_size should be ≥ `1`, instead was `%d`.", path, n)
	}
	return n, nil
}

// queryPageSize reads page_size from a query string.
func queryPageSize(raw, path string) (int, *apiError) {
	if raw == "" {
		return maxPageSize, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, bodyErr("%s.page_size should be a number, instead was `%s`.", path, compact(raw))
	}
	return checkPageSize(n, path)
}

// offsetPaging is for lists whose items have no IDs (property items): the cursor is an
// opaque offset.
func offsetPaging(cursor, pageSize, path string) (int, int, *apiError) {
	size, err := queryPageSize(pageSize, path)
	if err != nil {
		return 0, 0, err
	}
	if cursor == "" {
		return 0, size, nil
	}
	n, convErr := strconv.Atoi(cursor)
	if convErr != nil || n < 0 {
		return 0, 0, validationErr("The start_cursor provided is invalid: %s", cursor)
	}
	return n, size, nil
}

func sliceOffset(items []any, start, size int) ([]any, any) {
	if start > len(items) {
		start = len(items)
	}
	end := min(start+size, len(items))
	if end < len(items) {
		return items[start:end], strconv.Itoa(end)
	}
	return items[start:end], nil
}

// cursorFrom reads start_cursor from a JSON body; nil means the first page.
func cursorFrom(v any) (string, *apiError) {
	if v == nil {
		return "", nil
	}
	s, ok := asString(v)
	if !ok {
		return "", bodyErr("body.start_cursor should be a string, instead was `%s`.", compact(v))
	}
	return s, nil
}
