package school_test

import (
	"encoding/json"

	"github.com/wecomkit/wecom/work/school"
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func jsonString(s string) string             { return mustJSON(s) }
func jsonStrings(s []string) string          { return mustJSON(s) }
func jsonArticles(a []school.Article) string { return mustJSON(a) }
