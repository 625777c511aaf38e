package worktest

import (
	"testing"

	"github.com/wecomkit/wecom/work"
)

// NewApp starts a simulator built with opts and returns a work.App
// pointing at it, for a test: the simulator closes when the test ends. It
// fails the test when the options are invalid (a bad fixture). It is the
// short form of
//
//	s := worktest.NewServer(opts...)
//	t.Cleanup(s.Close)
//	app, err := work.New(s.Config())
func NewApp(t testing.TB, opts ...Option) (*work.App, *Server) {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatalf("worktest: NewApp: %v", err)
	}
	s.Start()
	t.Cleanup(s.Close)
	app, err := work.New(s.Config())
	if err != nil {
		t.Fatalf("worktest: NewApp: work.New: %v", err)
	}
	return app, s
}
