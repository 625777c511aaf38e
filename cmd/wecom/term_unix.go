//go:build linux || darwin

package main

import (
	"os"
	"syscall"
	"unsafe"
)

type winsize struct{ row, col, xpixel, ypixel uint16 }

func winsizeOf(f *os.File) (winsize, bool) {
	var ws winsize
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws)))
	return ws, errno == 0
}

// isTerminal reports whether f is a terminal (not a file, a pipe or
// /dev/null).
func isTerminal(f *os.File) bool {
	_, ok := winsizeOf(f)
	return ok
}

// terminalWidth returns f's width in columns, or 0.
func terminalWidth(f *os.File) int {
	ws, ok := winsizeOf(f)
	if !ok {
		return 0
	}
	return int(ws.col)
}
