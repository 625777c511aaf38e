package core_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
)

type thingRequest struct {
	Name  string `json:"name"`
	Limit int    `json:"limit,omitempty"`
}

func (r *thingRequest) Validate() error {
	if err := core.Required("name", r.Name); err != nil {
		return err
	}
	return core.Limit("limit", r.Limit, 1, 100)
}

func TestSendValidatesBeforeSending(t *testing.T) {
	f := newFake(t, ok)
	c, _ := f.client(t, clientOpts{})
	tests := []struct {
		name  string
		req   any
		field string
	}{
		{"nil pointer", (*thingRequest)(nil), "request"},
		{"nil interface", nil, "request"},
		{"missing name", &thingRequest{}, "name"},
		{"limit", &thingRequest{Name: "x", Limit: 101}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := core.Send[valueResp](bg, c, epWriteCall, tt.req)
			var ae *core.ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.field, ae.Field)
			assert.Equal(t, "test/write", ae.Call)
			assert.ErrorIs(t, err, core.ErrInvalidArgument)
			assert.True(t, strings.HasPrefix(err.Error(), "wecom: test/write: invalid "+tt.field+": "), err.Error())
			assert.Equal(t, tt.field, ae.Field)
			require.Error(t, core.Exec(bg, c, epWriteCall, tt.req))
		})
	}
	assert.Zero(t, f.calls.Load(), "nothing sent")
	assert.Zero(t, f.fetches.Load(), "not even gettoken")
}

func TestSendGetExec(t *testing.T) {
	var lastQuery atomic.Value
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Del("access_token")
		lastQuery.Store(q.Encode())
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	got, err := core.Send[valueResp](bg, c, epWriteCall, &thingRequest{Name: "雪"})
	require.NoError(t, err)
	assert.Equal(t, 42, got.Value)
	assert.Equal(t, `{"name":"雪"}`, f.bodies[0])

	require.NoError(t, core.Exec(bg, c, epWriteCall, map[string]string{"a": "<b>"}))
	assert.Equal(t, `{"a":"<b>"}`, f.bodies[1], "HTML is not escaped")

	g, err := core.Get[valueResp](bg, c, epGetThing, url.Values{"id": {"x y"}})
	require.NoError(t, err)
	assert.Equal(t, 42, g.Value)
	assert.Equal(t, "id=x+y", lastQuery.Load())

	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":40003,"errmsg":"invalid userid"}`)
	})
	c2, _ := f2.client(t, clientOpts{})
	_, err = core.Get[valueResp](bg, c2, epGetThing, nil)
	assert.ErrorIs(t, err, core.ErrInvalidUserID)
	_, err = core.Send[valueResp](bg, c2, epWriteCall, &thingRequest{Name: "x"})
	assert.ErrorIs(t, err, core.ErrInvalidUserID)
}

func TestNamed(t *testing.T) {
	assert.NoError(t, core.Named(epGetThing, nil))
	err := core.Named(epGetThing, core.Required("userid", ""))
	assert.EqualError(t, err, "wecom: test/get: invalid userid: is required")
	other := errors.New("x")
	assert.Same(t, other, core.Named(epGetThing, other))
	pre := &core.ArgError{Call: "first", Field: "f", Reason: "r"}
	core.Named(epGetThing, pre)
	assert.Equal(t, "first", pre.Call, "an existing call is kept")
}

func TestItemResult(t *testing.T) {
	assert.NoError(t, core.ItemResult{}.Err("p"))
	assert.True(t, core.ItemResult{}.OK())
	assert.Equal(t, "ok", core.ItemResult{}.String())
	r := core.ItemResult{ErrCode: 40096, ErrMsg: "invalid external userid"}
	assert.False(t, r.OK())
	assert.ErrorIs(t, r.Err("externalcontact/mark_tag"), core.ErrInvalidExternalUserID)
	assert.Contains(t, r.Err("externalcontact/mark_tag").Error(), "externalcontact/mark_tag")
	assert.Equal(t, "errcode 40096: invalid external userid", r.String())
}

type page struct {
	Items []int
	Next  string
}

func TestWalk(t *testing.T) {
	pages := map[string]page{"": {[]int{1, 2}, "c2"}, "c2": {[]int{3}, "c3"}, "c3": {nil, ""}}
	var cursors []string
	seq := core.Walk(bg, "", func(_ context.Context, cursor string) (*page, error) {
		cursors = append(cursors, cursor)
		p := pages[cursor]
		return &p, nil
	}, func(p *page) []int { return p.Items }, func(p *page) string { return p.Next })
	var got []int
	for v, err := range seq {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2, 3}, got)
	assert.Equal(t, []string{"", "c2", "c3"}, cursors)

	boom := errors.New("boom")
	n := 0
	for _, err := range core.Walk(bg, "", func(context.Context, string) (*page, error) { return nil, boom },
		func(p *page) []int { return p.Items }, func(p *page) string { return p.Next }) {
		n++
		assert.ErrorIs(t, err, boom)
	}
	assert.Equal(t, 1, n)
}

func TestWalkOffsets(t *testing.T) {
	var offsets []int
	seq := core.WalkOffsets(bg, 0, func(_ context.Context, off int) ([]int, int, error) {
		offsets = append(offsets, off)
		if off >= 4 {
			return []int{off}, -1, nil
		}
		return []int{off, off + 1}, off + 2, nil
	})
	var got []int
	for v, err := range seq {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{0, 1, 2, 3, 4}, got)
	assert.Equal(t, []int{0, 2, 4}, offsets)

	var errs []error
	for _, err := range core.WalkOffsets(bg, 5, func(context.Context, int) ([]int, int, error) { return nil, 5, nil }) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "does not move")

	ctx, cancel := context.WithCancel(bg)
	cancel()
	errs = nil
	for _, err := range core.WalkOffsets(ctx, 0, func(context.Context, int) ([]int, int, error) { return []int{1}, 1, nil }) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)

	n := 0
	for range core.WalkOffsets(bg, 0, func(_ context.Context, off int) ([]int, int, error) { return []int{1, 2}, off + 2, nil }) {
		n++
		break
	}
	assert.Equal(t, 1, n, "break stops the walk")
}

var epUpload = core.Write("test/upload")

func TestUploadMultipart(t *testing.T) {
	var n atomic.Int32
	type part struct {
		name, file, ctype, disp string
		data                    []byte
	}
	var raws [][]byte
	var parts []part
	var query string
	var f *fakeWeCom
	f = newFake(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Del("access_token")
		query = q.Encode()
		f.mu.Lock() // newFake has read the body already
		raw := []byte(f.bodies[len(f.bodies)-1])
		f.mu.Unlock()
		raws = append(raws, raw)
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		require.NoError(t, err)
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			b, _ := io.ReadAll(p)
			parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), p.Header.Get("Content-Disposition"), b})
		}
		if n.Add(1) == 1 {
			io.WriteString(w, `{"errcode":-1,"errmsg":"busy"}`)
			return
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","value":7}`)
	})
	c, _ := f.client(t, clientOpts{})
	data := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 100)
	got, err := core.Upload[valueResp](bg, c, epUpload, url.Values{"type": {"image"}}, core.FormFile{
		Field: "media", Name: `图 "1".png`, ContentType: "image/png", Body: bytes.NewReader(data), MinBytes: 6, MaxBytes: 2 << 20,
	})
	require.NoError(t, err)
	assert.Equal(t, 7, got.Value)
	assert.Equal(t, "type=image", query)
	require.Len(t, raws, 2, "errcode -1 retried once")
	assert.Equal(t, raws[0], raws[1], "the retry re-sends the same bytes")
	require.Len(t, parts, 2)
	p := parts[0]
	assert.Equal(t, "media", p.name)
	assert.Equal(t, `图 "1".png`, p.file)
	assert.Equal(t, "image/png", p.ctype)
	assert.Contains(t, p.disp, "filelength=400")
	assert.Equal(t, data, p.data)
}

func TestUploadChecksBeforeSending(t *testing.T) {
	f := newFake(t, ok)
	c, _ := f.client(t, clientOpts{})
	tests := []struct {
		name string
		file core.FormFile
		want string
	}{
		{"no body", core.FormFile{Name: "a.png"}, "has no body"},
		{"no name", core.FormFile{Body: strings.NewReader("123456")}, "needs a file name"},
		{"line break", core.FormFile{Name: "a\r\n.png", Body: strings.NewReader("123456")}, "line break"},
		{"too small", core.FormFile{Name: "a.png", Body: strings.NewReader("12345"), MinBytes: 6}, "at least 6"},
		{"too large", core.FormFile{Name: "a.png", Body: strings.NewReader("1234567"), MaxBytes: 6}, "larger than 6"},
		{"read error", core.FormFile{Name: "a.png", Body: io.MultiReader(strings.NewReader("12"), errReader{})}, "could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := core.Upload[valueResp](bg, c, epUpload, nil, tt.file)
			var ae *core.ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "media", ae.Field)
			assert.Equal(t, "test/upload", ae.Call)
			assert.Contains(t, ae.Reason, tt.want)
		})
	}
	assert.Zero(t, f.calls.Load()+f.fetches.Load())
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func TestPoll(t *testing.T) {
	var waits []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	n := 0
	v, err := core.Poll(bg, core.PollPolicy{Initial: time.Second, Max: 4 * time.Second, Sleep: sleep},
		func(context.Context) (int, bool, error) { n++; return n, n == 5, nil })
	require.NoError(t, err)
	assert.Equal(t, 5, v)
	require.Len(t, waits, 4)
	ceilings := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
	for i, w := range waits {
		assert.GreaterOrEqual(t, w, ceilings[i]/2, "wait %d", i)
		assert.LessOrEqual(t, w, ceilings[i]*3/2, "wait %d", i)
	}

	boom := errors.New("boom")
	_, err = core.Poll(bg, core.PollPolicy{Sleep: sleep}, func(context.Context) (int, bool, error) { return 0, false, boom })
	assert.ErrorIs(t, err, boom)

	ctx, cancel := context.WithTimeout(bg, 20*time.Millisecond)
	defer cancel()
	checks := 0
	_, err = core.Poll(ctx, core.PollPolicy{Initial: 5 * time.Millisecond}, func(context.Context) (int, bool, error) { checks++; return 0, false, nil })
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Greater(t, checks, 0)
}

func TestRawPath(t *testing.T) {
	good := map[string]string{
		"externalcontact/list":         "externalcontact/list",
		"cgi-bin/externalcontact/list": "externalcontact/list",
	}
	for in, want := range good {
		got, err := core.RawPath(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, in := range []string{"", "/externalcontact/list", "externalcontact/list?userid=x", "a#b", "a/../gettoken",
		"a//b", "a/./b", "a b", "a\nb", "cgi-bin/"} {
		_, err := core.RawPath(in)
		var ae *core.ArgError
		require.ErrorAs(t, err, &ae, "%q", in)
		assert.Equal(t, "path", ae.Field)
	}
}

func TestRawCallsCheckThePath(t *testing.T) {
	f := newFake(t, ok)
	c, _ := f.client(t, clientOpts{})
	_, err := c.GetRaw(bg, "externalcontact/list?userid=x", nil)
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
	_, err = c.PostRaw(bg, "/x", nil)
	assert.ErrorIs(t, err, core.ErrInvalidArgument)
	assert.Zero(t, f.calls.Load()+f.fetches.Load())

	res, err := c.GetRaw(bg, "cgi-bin/test/get", url.Values{"userid": {"x"}})
	require.NoError(t, err)
	assert.EqualValues(t, 42, res.Get("value").Int())
}

func TestPostRawReadRetries(t *testing.T) {
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	_, err := c.PostRawRead(bg, "test/read", map[string]int{"limit": 1})
	require.NoError(t, err)
	assert.EqualValues(t, 2, f.calls.Load())

	n.Store(0)
	_, err = c.PostRaw(bg, "test/write", map[string]int{"limit": 1})
	assert.ErrorIs(t, err, core.ErrUnknownOutcome)
	assert.EqualValues(t, 3, f.calls.Load(), "a raw write is not re-sent after a 502")
}

// A walk stops fetching when the loop breaks, ends with an error on a
// cursor handed back again, and stops when ctx is done.
func TestWalkStops(t *testing.T) {
	fetches := 0
	pages := map[string]page{"": {[]int{1, 2}, "c2"}, "c2": {[]int{3, 4}, "c3"}, "c3": {[]int{5}, "c2"}}
	walk := func(ctx context.Context) iter.Seq2[int, error] {
		fetches = 0
		return core.Walk(ctx, "", func(_ context.Context, cursor string) (*page, error) {
			fetches++
			p := pages[cursor]
			return &p, nil
		}, func(p *page) []int { return p.Items }, func(p *page) string { return p.Next })
	}
	n := 0
	for _, err := range walk(bg) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	assert.Equal(t, 2, fetches, "break stops fetching")

	var items []int
	var errs []error
	for v, err := range walk(bg) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, items)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `cursor "c2" repeated`)

	ctx, cancel := context.WithCancel(bg)
	cancel()
	errs = nil
	for _, err := range walk(ctx) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Zero(t, fetches)
}

// TestUploadReaders sends the same file through readers that know their
// size and readers that do not: the body on the wire is the same.
func TestUploadReaders(t *testing.T) {
	var got []string
	var f *fakeWeCom
	f = newFake(t, func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		raw := f.bodies[len(f.bodies)-1]
		f.mu.Unlock()
		_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		p, err := multipart.NewReader(strings.NewReader(raw), params["boundary"]).NextPart()
		require.NoError(t, err)
		b, _ := io.ReadAll(p)
		got = append(got, p.Header.Get("Content-Disposition")+"|"+string(b))
		ok(w, r)
	})
	c, _ := f.client(t, clientOpts{})
	file := filepath.Join(t.TempDir(), "a.txt")
	require.NoError(t, os.WriteFile(file, []byte("xxhello, world"), 0o600))
	fh, err := os.Open(file)
	require.NoError(t, err)
	defer fh.Close()
	_, err = fh.Seek(2, io.SeekStart)
	require.NoError(t, err)
	for _, r := range []io.Reader{
		strings.NewReader("hello, world"),
		io.MultiReader(strings.NewReader("hello, "), strings.NewReader("world")),
		fh,
		&lyingLen{strings.NewReader("hello, world")},
	} {
		_, err := core.Upload[valueResp](bg, c, epUpload, nil, core.FormFile{Name: "a.txt", Body: r, MaxBytes: 100})
		require.NoError(t, err)
	}
	require.Len(t, got, 4)
	for _, g := range got {
		assert.Equal(t, `form-data; name="media"; filename="a.txt"; filelength=12|hello, world`, g)
	}
}

// lyingLen claims a size its reader does not have.
type lyingLen struct{ io.Reader }

func (lyingLen) Len() int { return 3 }
