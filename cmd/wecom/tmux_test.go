package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/worktest"
)

// TestProgressBarInATerminal runs the built CLI in a real terminal (a tmux
// pane) and watches the bar being redrawn in place. CI installs tmux (.ci/run)
// and sets CI=true, which makes a missing tmux a failure instead of a skip.
func TestProgressBarInATerminal(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true: .ci/run installs it")
		}
		t.Skip("tmux is not installed (apt-get install tmux): the progress bar is not tested in a terminal")
	}
	goBin, err := exec.LookPath("go")
	require.NoError(t, err)
	dir := t.TempDir()
	bin := filepath.Join(dir, "wecom")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	s := sim(t, worktest.WithMembers(30), worktest.WithCustomersPerMember(40))
	s.Faults().Latency("externalcontact/batch/get_by_user", 30*time.Millisecond)
	out := filepath.Join(dir, "customers.jsonl")
	var envs []string
	for k, v := range simEnv(s) {
		envs = append(envs, k+"='"+v+"'")
	}
	script := fmt.Sprintf("env %s '%s' customers export --out '%s' --page-size 20 --concurrency 2; echo EXIT:$?; sleep 60",
		strings.Join(envs, " "), bin, out)

	// A tmux server of our own, on its own socket, killed at the end.
	sock := fmt.Sprintf("wecom-test-%d", os.Getpid())
	tm := func(args ...string) (string, error) {
		b, err := exec.Command(tmux, append([]string{"-L", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(b), err
	}
	t.Cleanup(func() { _, _ = tm("kill-server") })
	_, err = tm("new-session", "-d", "-s", "export", "-x", "120", "-y", "12", script)
	require.NoError(t, err)

	var frames []string
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		frame, err := tm("capture-pane", "-p", "-t", "export")
		require.NoError(t, err, frame)
		frames = append(frames, frame)
		if strings.Contains(frame, "EXIT:") {
			break
		}
		time.Sleep(15 * time.Millisecond)
	}
	final := frames[len(frames)-1]
	require.Contains(t, final, "EXIT:0", "the export ended: %q", final)

	partial := regexp.MustCompile(`\[=*>\s*\]\s+(\d+)% (\d+)/30 members, \d+ pages, \d+ customers`)
	var midway []string
	for _, f := range frames {
		if m := partial.FindStringSubmatch(f); m != nil && m[1] != "100" {
			midway = append(midway, m[0])
		}
	}
	assert.NotEmpty(t, midway, "a bar part way through was on screen (%d frames)", len(frames))

	// One line, redrawn in place: the finished bar, then the summary.
	var bars int
	for _, l := range strings.Split(final, "\n") {
		if strings.HasPrefix(l, "[") {
			bars++
		}
	}
	assert.Equal(t, 1, bars, "the bar is redrawn on its line, not printed again: %q", final)
	assert.Regexp(t, `(?m)^\[=+\] 100% 30/30 members, \d+ pages, 1200 customers`, final)
	assert.Regexp(t, `(?m)^exported 1200 customers \(\d+ pages, 30/30 members\) in `, final)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, 1200, strings.Count(string(b), "\n"), "stdout went to --out, not to the terminal")
}
