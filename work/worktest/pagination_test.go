package worktest

import (
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCursorRoundTrip(t *testing.T) {
	fp := fingerprint("externalcontact/get", "wm1")
	for _, seq := range []uint64{0, 1, 127, 128, 1 << 40} {
		c := encodeCursor(fp, seq)
		got, err := decodeCursor(c, fp)
		require.NoError(t, err)
		assert.Equal(t, seq, got)
		_, err = decodeCursor(c, fp+1)
		assert.Error(t, err, "another query")
		// Any single changed character is caught by the checksum.
		for i := range c {
			b := []byte(c)
			b[i] = map[bool]byte{true: 'A', false: 'B'}[b[i] != 'A']
			_, err := decodeCursor(string(b), fp)
			assert.Error(t, err, "tampered at %d", i)
		}
	}
	got, err := decodeCursor("", fp)
	require.NoError(t, err)
	assert.Zero(t, got)
}

func FuzzDecodeCursor(f *testing.F) {
	fp := fingerprint("p")
	f.Add(encodeCursor(fp, 5))
	f.Add("")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, s string) {
		if seq, err := decodeCursor(s, fp); err == nil && s != "" {
			assert.Equal(t, s, encodeCursor(fp, seq), "only cursors we made decode")
		}
	})
}

// Several clients walking the same and different queries at once, with
// different page sizes, while others write remarks: every walk sees every
// pair exactly once.
func TestConcurrentPagination(t *testing.T) {
	s := start(t, WithMembers(6), WithCustomersPerMember(8))
	d := s.Snapshot()
	queries := [][]string{
		{"zhangsan", "lisi", "wangwu"},
		{"zhaoliu", "sunqi", "zhouba", "zhangsan"},
	}
	tok := token(t, s)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		users := queries[i%len(queries)]
		limit := []int{1, 4, 7, 10}[i%4]
		wg.Add(1)
		go func() {
			defer wg.Done()
			assertSamePairs(t, relationsOf(d, users...), walkBatch(t, s, tok, users, limit))
		}()
	}
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, r := range d.Relations[:10] {
				body := mustJSON(t, map[string]any{"userid": r.UserID, "external_userid": r.ExternalUserID, "remark": "备注" + strconv.Itoa(j)})
				apiWith(t, s, tok, http.MethodPost, "externalcontact/remark", nil, body)
			}
		}()
	}
	wg.Wait()
}

// Relations added or removed during a walk: no pair that existed all along
// is skipped or repeated; a new pair shows up at the end.
func TestPaginationWhileDataChanges(t *testing.T) {
	s := start(t, WithMembers(2), WithCustomersPerMember(10))
	d := s.Snapshot()
	users := []string{"zhangsan", "lisi"}
	want := relationsOf(d, users...)
	tok := token(t, s)

	next := func(cursor string) batchPage {
		var p batchPage
		apiWith(t, s, tok, http.MethodPost, "externalcontact/batch/get_by_user", nil,
			mustJSON(t, map[string]any{"userid_list": users, "cursor": cursor, "limit": 4})).decode(t, &p)
		return p
	}
	var got []pair
	collect := func(p batchPage) {
		for _, e := range p.List {
			got = append(got, pair{e.FollowInfo.UserID, e.ExternalContact.ExternalUserID})
		}
	}
	p := next("")
	collect(p)

	// Remove one pair already seen and one not seen yet; add a new one.
	seen, unseen := got[0], pair{}
	for _, r := range d.Relations {
		k := pair{r.UserID, r.ExternalUserID}
		if _, ok := want[k]; ok && !containsPair(got, k) {
			unseen = k
		}
	}
	s.st.mu.Lock()
	require.True(t, s.st.removeRelation(seen.UserID, seen.ExternalUserID))
	require.True(t, s.st.removeRelation(unseen.UserID, unseen.ExternalUserID))
	require.NoError(t, s.st.addCustomer(&Customer{ExternalUserID: "wmNEWCOMER", Name: "新客户", Type: CustomerWeChat}))
	require.NoError(t, s.st.addRelation(&Relation{UserID: "lisi", ExternalUserID: "wmNEWCOMER", AddWay: 1}))
	s.st.mu.Unlock()

	for p.NextCursor != nil && *p.NextCursor != "" {
		p = next(*p.NextCursor)
		collect(p)
	}
	delete(want, unseen)
	want[pair{"lisi", "wmNEWCOMER"}] = Relation{}
	assertSamePairs(t, want, got)
	assert.Equal(t, pair{"lisi", "wmNEWCOMER"}, got[len(got)-1])
}

func containsPair(ps []pair, p pair) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}
