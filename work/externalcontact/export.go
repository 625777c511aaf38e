package externalcontact

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// exportCall names the export in its argument errors and in a repeated
// cursor's.
const exportCall = "externalcontact/batch/get_by_user"

// Defaults and bounds of ExportRequest.
const (
	// DefaultExportConcurrency is how many batch/get_by_user calls an
	// export keeps in flight: WeCom refuses more than a few concurrent
	// calls to one API (45033).
	DefaultExportConcurrency = 5
	// MaxExportConcurrency bounds ExportRequest.Concurrency.
	MaxExportConcurrency = 32
)

// ExportRequest configures ExportCustomers. The zero value (or nil) exports
// the customers of every member with 客户联系, with the defaults.
type ExportRequest struct {
	// UserIDs are the members whose customers are exported (default: every
	// member GetFollowUsers lists). Not with Resume.
	UserIDs []string
	// Resume continues the export a checkpoint describes, instead of
	// starting one: only what the checkpoint says is left is fetched.
	Resume *ExportCheckpoint
	// Concurrency is how many pages are fetched at once (1 to
	// MaxExportConcurrency, default DefaultExportConcurrency). Every call
	// also goes through the App's governor.
	Concurrency int
	// MembersPerRequest caps the members of one batch/get_by_user request
	// (1 to 100, default 100). Requests shrink towards the end of the
	// export, so that the last members are spread over every worker.
	MembersPerRequest int
	// PageSize is the limit of each request (1 to 100, default 100).
	PageSize int
	// Dedupe yields each customer once, with the first member's relation
	// seen, even when several members follow them. It remembers a hash of
	// every customer (about 20 bytes each), in memory only: a resumed
	// export starts with none remembered.
	Dedupe bool
	// Progress, when set, is called after every page and at the end.
	Progress func(ExportProgress)
	// Checkpoint, when set, is called after every page and when the
	// export stops, with a checkpoint of what has been handed to fn so
	// far, to persist (JSON) and pass back as Resume after a crash. It is
	// valid during the call only (Clone it to keep it). An error stops the
	// export.
	Checkpoint func(*ExportCheckpoint) error
}

// ExportProgress is where an export stands.
type ExportProgress struct {
	// Members is how many members the export covers; MembersDone how many
	// of them have had all their customers handed over.
	Members, MembersDone int
	// Pages is how many pages have been handed over.
	Pages int
	// Customers is how many (customer, member) pairs have been handed to
	// fn; Duplicates how many pairs Dedupe skipped.
	Customers, Duplicates int
	// Elapsed is the time since this run began (a resumed export's earlier
	// runs not included).
	Elapsed time.Duration
	// Rate is the customers handed over per second in this run.
	Rate float64
	// Remaining estimates the time left from the members done so far (0
	// while unknown, and at the end).
	Remaining time.Duration
}

// ExportCheckpoint is the state of an export, as of the last customer
// handed to fn: the members not yet asked for, and the batches begun, each
// with the cursor of its next page and how many of that page's customers
// were already handed over. It is plain JSON.
type ExportCheckpoint struct {
	// Version is the format's version (1).
	Version int `json:"version"`
	// Pending are the members whose customers have not been asked for yet.
	Pending []string `json:"pending"`
	// Active are the requests begun and not finished.
	Active []ExportBatch `json:"active"`
	// The counts so far, carried on by a resumed export.
	Members     int `json:"members"`
	MembersDone int `json:"members_done"`
	Pages       int `json:"pages"`
	Customers   int `json:"customers"`
	Duplicates  int `json:"duplicates,omitempty"`
}

// ExportBatch is one batch/get_by_user walk of an export.
type ExportBatch struct {
	// UserIDs are the request's members (1 to 100).
	UserIDs []string `json:"userid_list"`
	// Cursor is the cursor of the next page to hand over ("" for the first).
	Cursor string `json:"cursor,omitempty"`
	// Skip is how many customers of that page were handed over already.
	Skip int `json:"skip,omitempty"`
}

// Done reports whether the export the checkpoint describes is complete.
func (cp *ExportCheckpoint) Done() bool { return len(cp.Pending) == 0 && len(cp.Active) == 0 }

// Clone returns a deep copy of cp.
func (cp *ExportCheckpoint) Clone() *ExportCheckpoint {
	out := *cp
	out.Pending = slices.Clone(cp.Pending)
	out.Active = make([]ExportBatch, len(cp.Active))
	for i, b := range cp.Active {
		b.UserIDs = slices.Clone(b.UserIDs)
		out.Active[i] = b
	}
	return &out
}

func (cp *ExportCheckpoint) validate() error {
	if cp.Version != 1 {
		return &core.ArgError{Call: exportCall, Field: "Resume", Reason: "has version " + strconv.Itoa(cp.Version) + ", want 1"}
	}
	if err := core.OptionalIDList("Resume.pending", cp.Pending, 0); err != nil {
		return err
	}
	for _, b := range cp.Active {
		if err := core.IDList("Resume.active.userid_list", b.UserIDs, 100); err != nil {
			return err
		}
		if b.Skip < 0 {
			return &core.ArgError{Call: exportCall, Field: "Resume.active.skip", Reason: "is negative"}
		}
	}
	return nil
}

func (r *ExportRequest) validate() error {
	if r.Concurrency != 0 && (r.Concurrency < 1 || r.Concurrency > MaxExportConcurrency) {
		return &core.ArgError{Call: exportCall, Field: "Concurrency", Reason: "is " + strconv.Itoa(r.Concurrency) + ", must be 0 (default) or in [1, " + strconv.Itoa(MaxExportConcurrency) + "]"}
	}
	if err := core.Limit("userid_list", r.MembersPerRequest, 1, 100); err != nil {
		return err
	}
	if err := core.Limit("limit", r.PageSize, 1, 100); err != nil {
		return err
	}
	if err := core.OptionalIDList("userid_list", r.UserIDs, 0); err != nil {
		return err
	}
	if r.Resume != nil {
		if len(r.UserIDs) > 0 {
			return &core.ArgError{Call: exportCall, Field: "UserIDs", Reason: "must be empty with Resume (the checkpoint lists the members)"}
		}
		return r.Resume.validate()
	}
	return nil
}

// ExportCustomers hands fn, on the caller's goroutine, every (customer,
// member) pair of the given members (default: every member with 客户联系), in
// flat memory and resumable (see Exporting in the package doc).
//
// WeCom API: GET /cgi-bin/externalcontact/get_follow_user_list, https://developer.work.weixin.qq.com/document/path/92571, then POST /cgi-bin/externalcontact/batch/get_by_user, https://developer.work.weixin.qq.com/document/path/92994.
// EasyWeChat: none (batchGetByUser page by page). WxJava: none (getContactDetailBatch page by page).
func (c *Client) ExportCustomers(ctx context.Context, req *ExportRequest, fn func(BatchContact) error) error {
	if req == nil {
		req = &ExportRequest{}
	}
	if fn == nil {
		return &core.ArgError{Call: exportCall, Field: "fn", Reason: "is nil"}
	}
	if err := req.validate(); err != nil {
		return err
	}
	run := newExportRun(c, req)
	if req.Resume != nil {
		run.resume(req.Resume)
	} else {
		members := req.UserIDs
		if len(members) == 0 {
			var err error
			if members, err = c.GetFollowUsers(ctx); err != nil {
				return err
			}
		}
		run.pending = slices.Clone(members)
		run.total = len(members)
	}
	return run.run(ctx, fn)
}

// exportRun is one run of an export. The consumer (the caller's
// goroutine) owns the counts and the batches' cursors; mu guards the
// hand-out of batches to the workers (pending, active, queued).
type exportRun struct {
	c                         *Client
	conc, perRequest, size    int
	dedupe                    bool
	progress                  func(ExportProgress)
	checkpoint                func(*ExportCheckpoint) error
	start                     time.Time
	total, membersDone, pages int
	customers, duplicates     int
	doneThisRun, customersRun int // for the rate and the estimate
	seen                      map[uint64]struct{}
	seed                      maphash.Seed

	mu      sync.Mutex
	pending []string
	active  []*exportBatch // handed out, not finished, in hand-out order
	queued  []*exportBatch // resumed batches not handed out yet
}

// exportBatch is a batch's state as of what the consumer handed over.
type exportBatch struct {
	ids    []string
	cursor string
	skip   int
	// first is the cursor and skip the worker starts from.
	firstCursor string
	firstSkip   int
}

func newExportRun(c *Client, req *ExportRequest) *exportRun {
	r := &exportRun{
		c: c, conc: req.Concurrency, perRequest: req.MembersPerRequest, size: req.PageSize,
		dedupe: req.Dedupe, progress: req.Progress, checkpoint: req.Checkpoint, start: time.Now(),
	}
	if r.conc == 0 {
		r.conc = DefaultExportConcurrency
	}
	if r.perRequest == 0 {
		r.perRequest = 100
	}
	if r.size == 0 {
		r.size = 100
	}
	if r.dedupe {
		r.seen = map[uint64]struct{}{}
		r.seed = maphash.MakeSeed()
	}
	return r
}

func (r *exportRun) resume(cp *ExportCheckpoint) {
	r.pending = slices.Clone(cp.Pending)
	r.total, r.membersDone, r.pages = cp.Members, cp.MembersDone, cp.Pages
	r.customers, r.duplicates = cp.Customers, cp.Duplicates
	for _, b := range cp.Active {
		eb := &exportBatch{ids: slices.Clone(b.UserIDs), cursor: b.Cursor, skip: b.Skip, firstCursor: b.Cursor, firstSkip: b.Skip}
		r.active = append(r.active, eb)
		r.queued = append(r.queued, eb)
	}
	if r.total < r.membersDone+len(r.pending) {
		r.total = r.membersDone + len(r.pending)
	}
}

// next hands a worker its next batch, or nil when none is left: resumed
// batches first, then new ones, whose size shrinks as the members run out
// (guided scheduling) so that the workers finish together.
func (r *exportRun) next() *exportBatch {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.queued) > 0 {
		b := r.queued[0]
		r.queued = r.queued[1:]
		return b
	}
	if len(r.pending) == 0 {
		return nil
	}
	n := min(r.perRequest, max(1, (len(r.pending)+2*r.conc-1)/(2*r.conc)))
	b := &exportBatch{ids: r.pending[:n:n]}
	r.pending = r.pending[n:]
	r.active = append(r.active, b)
	return b
}

// exportPage is one page a worker fetched, or the error that ended it.
type exportPage struct {
	b      *exportBatch
	items  []BatchContact // already without the first skip items
	skip   int            // how many items of the page came before items
	next   string
	err    error
	cursor string
}

func (r *exportRun) run(ctx context.Context, fn func(BatchContact) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan exportPage, r.conc)
	var wg sync.WaitGroup
	for i := 0; i < r.conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx, pages)
		}()
	}
	go func() {
		wg.Wait()
		close(pages)
	}()

	var stop error
	for p := range pages {
		if stop != nil {
			continue // drain: the workers are stopping
		}
		if p.err != nil {
			stop = p.err
		} else {
			stop = r.deliver(p, fn)
		}
		if stop != nil {
			cancel()
		}
	}
	if stop == nil && !r.finished() {
		// The workers stopped without an error of their own: ctx is done.
		stop = ctx.Err()
		if stop == nil {
			stop = errors.New("wecom: export stopped early")
		}
	}
	if stop != nil {
		if err := r.save(); err != nil {
			stop = errors.Join(stop, err)
		}
		r.report()
		return stop
	}
	r.report()
	return r.save()
}

func (r *exportRun) finished() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending) == 0 && len(r.active) == 0
}

// work fetches the pages of batch after batch until none is left or ctx
// is done.
func (r *exportRun) work(ctx context.Context, pages chan<- exportPage) {
	send := func(p exportPage) bool {
		select {
		case pages <- p:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for b := r.next(); b != nil; b = r.next() {
		cursor, skip := b.firstCursor, b.firstSkip
		for {
			if ctx.Err() != nil {
				return
			}
			resp, err := r.c.BatchGetByUser(ctx, &BatchGetByUserRequest{UserIDs: b.ids, Cursor: cursor, Limit: r.size})
			if err == nil && resp.NextCursor != "" && resp.NextCursor == cursor {
				err = fmt.Errorf("wecom: %s: cursor %q repeated", exportCall, cursor)
			}
			if err != nil {
				send(exportPage{err: err})
				return
			}
			items := resp.ExternalContactList
			skip = min(skip, len(items))
			if !send(exportPage{b: b, items: items[skip:], skip: skip, next: resp.NextCursor, cursor: cursor}) {
				return
			}
			if resp.NextCursor == "" {
				break
			}
			cursor, skip = resp.NextCursor, 0
		}
	}
}

// deliver hands a page to fn, keeping the batch's checkpoint state in step.
func (r *exportRun) deliver(p exportPage, fn func(BatchContact) error) error {
	b := p.b
	b.cursor, b.skip = p.cursor, p.skip
	for _, it := range p.items {
		if r.dedupe {
			h := maphash.String(r.seed, it.ExternalContact.ExternalUserID)
			if _, dup := r.seen[h]; dup {
				r.duplicates++
				b.skip++
				continue
			}
			r.seen[h] = struct{}{}
		}
		if err := fn(it); err != nil {
			return err
		}
		b.skip++
		r.customers++
		r.customersRun++
	}
	r.pages++
	b.cursor, b.skip = p.next, 0
	if p.next == "" {
		r.mu.Lock()
		if i := slices.Index(r.active, b); i >= 0 {
			r.active = slices.Delete(r.active, i, i+1)
		}
		r.mu.Unlock()
		r.membersDone += len(b.ids)
		r.doneThisRun += len(b.ids)
	}
	r.report()
	return r.save()
}

// snapshot returns the checkpoint as of the last pair handed over.
func (r *exportRun) snapshot() *ExportCheckpoint {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := &ExportCheckpoint{Version: 1, Pending: r.pending, Active: make([]ExportBatch, len(r.active)),
		Members: r.total, MembersDone: r.membersDone, Pages: r.pages, Customers: r.customers, Duplicates: r.duplicates}
	if cp.Pending == nil {
		cp.Pending = []string{}
	}
	for i, b := range r.active {
		cp.Active[i] = ExportBatch{UserIDs: b.ids, Cursor: b.cursor, Skip: b.skip}
	}
	return cp
}

func (r *exportRun) save() error {
	if r.checkpoint == nil {
		return nil
	}
	return r.checkpoint(r.snapshot())
}

func (r *exportRun) report() {
	if r.progress == nil {
		return
	}
	el := time.Since(r.start)
	p := ExportProgress{Members: r.total, MembersDone: r.membersDone, Pages: r.pages,
		Customers: r.customers, Duplicates: r.duplicates, Elapsed: el}
	if s := el.Seconds(); s > 0 {
		p.Rate = float64(r.customersRun) / s
	}
	left := r.total - r.membersDone
	if r.doneThisRun > 0 && left > 0 {
		p.Remaining = time.Duration(float64(el) * float64(left) / float64(r.doneThisRun))
	}
	r.progress(p)
}
