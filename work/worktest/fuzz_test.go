package worktest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Whatever body a client POSTs, the simulator answers WeCom JSON, never a
// 500 or a panic.
func FuzzPostBody(f *testing.F) {
	s, err := New(WithMembers(2), WithCustomersPerMember(3), WithLogCap(100))
	require.NoError(f, err)
	tok, _ := s.tokens.issue(s.clock.Now())
	for _, seed := range []string{
		`{"userid_list":["zhangsan"],"limit":2}`,
		`{"userid_list":["zhangsan","lisi"],"cursor":"AQ","limit":-1}`,
		`{"userid":"zhangsan","external_userid":"wm1","remark":"x","remark_mobiles":[""]}`,
		`{"remark":null,"remark_mobiles":null}`,
		`[]`, `{`, ``, `{"limit":1e400}`,
	} {
		f.Add("externalcontact/batch/get_by_user", seed)
		f.Add("externalcontact/remark", seed)
	}
	f.Fuzz(func(t *testing.T, path, body string) {
		if path != "externalcontact/remark" {
			path = "externalcontact/batch/get_by_user"
		}
		req := httptest.NewRequest(http.MethodPost, "/cgi-bin/"+path+"?"+url.Values{"access_token": {tok}}.Encode(), strings.NewReader(body))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code)
		var out struct {
			ErrCode *int   `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
		require.NotNil(t, out.ErrCode)
		if *out.ErrCode == 0 {
			assert.Equal(t, "ok", out.ErrMsg)
		}
	})
}

func BenchmarkBatchGetByUser(b *testing.B) {
	s, err := New(WithMembers(50), WithCustomersPerMember(40))
	require.NoError(b, err)
	tok, _ := s.tokens.issue(s.clock.Now())
	users, _ := json.Marshal(activeMembers(s.Snapshot())[:20])
	body := `{"userid_list":` + string(users) + `,"limit":100}`
	target := "/cgi-bin/externalcontact/batch/get_by_user?access_token=" + tok
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, target, strings.NewReader(body)))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}
