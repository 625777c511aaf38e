//go:build !linux && !darwin

package main

import "os"

// isTerminal reports whether f looks like a terminal.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// terminalWidth is unknown here: 0.
func terminalWidth(*os.File) int { return 0 }
