package data

import (
	"context"
	"fmt"
)

// TeamPriorityWords are the priority words of the team as a whole: those
// most live series use, levels on a tie or with no series. Notion databases
// hold every series' agendas in one Priority select, so one setting must
// name its options: the majority's words suit most agendas, and a tie
// takes levels, what a series says unless someone chose otherwise.
func (s *Store) TeamPriorityWords(ctx context.Context) (PriorityWords, error) {
	rows, err := s.reads.QueryContext(ctx, `SELECT priority_words, COUNT(*) FROM series WHERE deleted_at IS NULL GROUP BY priority_words`)
	if err != nil {
		return "", fmt.Errorf("count priority words: %w", err)
	}
	defer rows.Close()
	counts := map[PriorityWords]int{}
	for rows.Next() {
		var w PriorityWords
		var n int
		if err := rows.Scan(&w, &n); err != nil {
			return "", fmt.Errorf("count priority words: %w", err)
		}
		counts[w] = n
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("count priority words: %w", err)
	}
	if counts[PriorityNumbers] > counts[PriorityLevels] {
		return PriorityNumbers, nil
	}
	return PriorityLevels, nil
}
