package worktest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wecomkit/wecom/work"
)

// Server is a simulated WeCom: a stateful HTTP server that answers the
// 客户联系 API under /cgi-bin/ the way WeCom does, with fault injection and
// a request log for tests. It is safe for concurrent use.
type Server struct {
	// URL is the base URL, "http://127.0.0.1:port", once started.
	URL string
	// CorpID and Secret are the credentials gettoken accepts.
	CorpID, Secret string

	cfg    config
	clock  *Clock
	st     *store
	tokens *tokens
	faults *Faults
	log    *requestLog
	routes map[string]route
	logger *slog.Logger
	hints  *hinter
	ev     *eventHub // callback target and welcome codes (events.go)
	evlog  eventLog  // the events emitted (events_outbox.go)
	// ctx is cancelled by Close: it ends event deliveries.
	ctx    context.Context
	cancel context.CancelFunc
	// unsubscribe stops the clock's moves from settling this server.
	unsubscribe func()

	mu       sync.Mutex
	idle     *sync.Cond // signalled when active drops to 0
	active   int        // requests being served
	closed   bool
	done     chan struct{} // closed by Close: ends latencies early
	hs       *http.Server
	serveErr chan error
	close    sync.Once
}

// New builds a simulator without starting it: serve it with Start,
// StartListener or your own http.Server on Handler. It fails when an option
// is invalid (an unreadable or inconsistent fixture).
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:    cfg,
		clock:  cfg.clock,
		faults: newFaults(),
		log:    newRequestLog(cfg.logCap),
		logger: cfg.logger,
		hints:  &hinter{r: newRNG(cfg.seed, 5)},
		ev:     newEventHub(cfg.seed),
		done:   make(chan struct{}),
	}
	s.idle = sync.NewCond(&s.mu)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if s.clock == nil {
		s.clock = NewClock(DefaultStart)
	}
	creds := newRNG(cfg.seed, 1)
	s.CorpID, s.Secret = "ww"+creds.hex(16), creds.alnum(43)
	if cfg.corpID != "" {
		s.CorpID = cfg.corpID
	}
	if cfg.secret != "" {
		s.Secret = cfg.secret
	}
	if cfg.callback != nil {
		if err := s.SetCallback(*cfg.callback); err != nil {
			return nil, err
		}
	}
	s.tokens = newTokens(cfg.tokenTTL, cfg.freshTokens, newRNG(cfg.seed, 3))
	s.st = newStore(newRNG(cfg.seed, 4))
	var d *Data
	if cfg.data != nil {
		var err error
		if d, err = cfg.data(); err != nil {
			return nil, err
		}
	} else {
		d = generate(cfg.seed, sizes{
			members:            cfg.members,
			customersPerMember: cfg.customersPerMember,
			groupChats:         cfg.groupChats,
			resigned:           cfg.resigned,
		}, DefaultStart)
	}
	if err := s.st.load(d); err != nil {
		return nil, fmt.Errorf("worktest: data: %w", err)
	}
	routes, err := s.buildRoutes()
	if err != nil {
		return nil, err
	}
	s.routes = routes
	// A move of the clock runs the work it made due and delivers its
	// events, so a test that advances the clock sees them when that
	// returns.
	s.unsubscribe = s.clock.subscribe(func() {
		if s.ctx.Err() == nil {
			s.Settle()
		}
	})
	return s, nil
}

// NewServer starts a simulator on 127.0.0.1 at a random port, like
// httptest.NewServer. It panics when New fails (a bad fixture) or no port
// can be opened; use New to handle those errors. Close it when done.
func NewServer(opts ...Option) *Server {
	s, err := New(opts...)
	if err != nil {
		panic(err)
	}
	s.Start()
	return s
}

// Start serves the simulator on 127.0.0.1 at a random port and sets URL. It
// panics when no port can be opened, like httptest.Server.Start.
func (s *Server) Start() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		if l, err = net.Listen("tcp6", "[::1]:0"); err != nil {
			panic(fmt.Sprintf("worktest: failed to listen on a port: %v", err))
		}
	}
	s.StartListener(l)
}

// StartListener serves the simulator on l in the background and sets URL.
// Call it (or Start) once. Close stops it and closes l.
func (s *Server) StartListener(l net.Listener) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.URL = "http://" + l.Addr().String()
	s.hs = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	s.serveErr = make(chan error, 1)
	go func(hs *http.Server) { s.serveErr <- hs.Serve(l) }(s.hs)
}

// Handler returns the simulator's HTTP handler (the Server itself), for
// serving it with your own http.Server.
func (s *Server) Handler() http.Handler { return s }

// Close stops the server: it stops listening, closes every connection,
// cuts injected latencies short and waits for the requests being served.
// Calling it more than once is fine.
func (s *Server) Close() {
	s.close.Do(func() {
		s.unsubscribe()
		s.cancel() // ends the deliveries under way
		s.mu.Lock()
		s.closed = true
		hs, serveErr := s.hs, s.serveErr
		s.mu.Unlock()
		// Stop listening before waking the requests in a latency: a client
		// whose dropped GET its transport re-sends must find no listener,
		// not a server answering 503.
		if hs != nil {
			_ = hs.Close() // closing the listener and connections cannot fail in a way we can act on
			if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) && s.logger != nil {
				s.logger.Error("worktest: serve", slog.String("error", err.Error()))
			}
		}
		close(s.done)
		s.mu.Lock()
		for s.active > 0 {
			s.idle.Wait()
		}
		s.mu.Unlock()
	})
}

// enter registers a request; it fails once the server is closed.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.active++
	return true
}

func (s *Server) leave() {
	s.mu.Lock()
	s.active--
	if s.active == 0 {
		s.idle.Broadcast()
	}
	s.mu.Unlock()
}

// Config returns a work.Config pointing at the simulator, ready for
// work.New: BaseURL, CorpID and Secret are set.
func (s *Server) Config() work.Config {
	return work.Config{CorpID: s.CorpID, Secret: s.Secret, BaseURL: s.URL}
}

// Clock returns the simulator clock, to move time forward in tests.
func (s *Server) Clock() *Clock { return s.clock }

// SetNow moves the simulator clock to t.
func (s *Server) SetNow(t time.Time) { s.clock.Set(t) }

// Faults returns the fault injector.
func (s *Server) Faults() *Faults { return s.faults }

// ExpireAllTokens makes every access_token issued so far expire now: the
// next call with one answers 42001, and the next gettoken issues a new one.
func (s *Server) ExpireAllTokens() { s.tokens.expireAll(s.clock.Now()) }

// Requests returns a copy of the request log, oldest first. The log keeps
// the last WithLogCap requests.
func (s *Server) Requests() []Request { return s.log.requests() }

// Count returns how many requests for path (relative to /cgi-bin/, e.g.
// "externalcontact/get" or "gettoken") have arrived since the start or the
// last ResetLog, including those answered with an error or a fault. Path
// "" or "*" counts every request; paths the simulator does not serve are
// counted together under "(unknown)".
func (s *Server) Count(path string) int {
	k := normPath(path)
	if k == globalPath {
		k = ""
	}
	return s.log.countOf(k)
}

// ResetLog empties the request log and zeroes the counters.
func (s *Server) ResetLog() { s.log.reset() }

// InFlight returns how many requests for path ("" or "*": for any path)
// are being served right now, injected latencies included.
func (s *Server) InFlight(path string) int { return s.faults.inFlight(normPath(path)) }

// Snapshot returns a deep copy of the simulator's state, in the fixture
// format: use it to check what your code changed, or save it as a fixture.
// Like a request, it first runs the scheduled work due by now (and
// delivers the events that emits).
func (s *Server) Snapshot() *Data {
	s.flush(s.st.settle(s.clock.Now()))
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return s.st.snapshot()
}
