package wecomredis_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The tests need a real Redis: REDIS_ADDR when set, else a redis-server
// they start on a free loopback port in a temporary directory.
const installHint = "redis-server not found: install it (apt-get install -y redis-server) or set REDIS_ADDR"

// redisServer is a redis-server process started by the tests.
type redisServer struct {
	addr string
	dir  string
	cmd  *exec.Cmd
}

// startRedisServer starts redis-server on port (0: a free one) in dir, with
// persistence off, and waits until it answers PING.
func startRedisServer(dir string, port int) (*redisServer, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no",
		"--logfile", filepath.Join(dir, "redis-"+strconv.Itoa(port)+".log"))
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &redisServer{addr: addr, dir: dir, cmd: cmd}
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	for deadline := time.Now().Add(15 * time.Second); ; {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("redis-server on %s did not answer: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the server (SIGTERM, as an operator would) and waits for it.
func (s *redisServer) stop() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
}

func (s *redisServer) port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// needServerBinary skips the test when redis-server is missing, or fails
// it when CI=true.
func needServerBinary(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(installHint)
		}
		t.Skip(installHint)
	}
}

var shared struct {
	once sync.Once
	srv  *redisServer
	dir  string
	addr string
	err  error
}

// redisAddr returns the address of the Redis the tests share.
func redisAddr(t testing.TB) string {
	t.Helper()
	if a := os.Getenv("REDIS_ADDR"); a != "" {
		return a
	}
	needServerBinary(t)
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "wecomredis-test-")
		if shared.err != nil {
			return
		}
		shared.srv, shared.err = startRedisServer(shared.dir, 0)
		if shared.err == nil {
			shared.addr = shared.srv.addr
		}
	})
	if shared.err != nil {
		t.Fatalf("starting redis-server: %v", shared.err)
	}
	return shared.addr
}

func stopSharedServer() {
	if shared.srv != nil {
		shared.srv.stop()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
}

// privateServer starts a redis-server of the test's own, for tests that
// stop and restart it.
func privateServer(t testing.TB) *redisServer {
	t.Helper()
	needServerBinary(t)
	s, err := startRedisServer(t.TempDir(), 0)
	if err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	t.Cleanup(s.stop)
	return s
}

// quietLogger drops go-redis's own log lines (dial failures while the
// tests keep Redis down on purpose).
type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quietLogger{})
	code := m.Run()
	stopSharedServer()
	os.Exit(code)
}
