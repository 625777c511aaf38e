// Command wecom calls WeCom's 客户联系 (customer contact) API from the
// command line: export every customer, read and tag customers, manage
// 「联系我」 contact ways, list group chats, receive callback events, and
// call any endpoint raw.
//
//	wecom customers export --format csv --out customers.csv --checkpoint export.ckpt
//	wecom customers get wmXXXX
//	wecom tags list
//	wecom raw get externalcontact/get_follow_user_list
//
// Credentials come from flags or the environment: --corp-id
// (WECOM_CORP_ID), --secret (WECOM_SECRET), --agent-id (WECOM_AGENT_ID) and
// --base-url (WECOM_BASE_URL, for the simulator: go run ./cmd/wecomsim
// prints the values to use). The secret is never printed. Every command
// takes --help. Errors are one line on stderr with a non-zero exit code: 1
// for a failed call, 2 for a bad command line.
//
// The calls go through the SDK's governor, so the CLI stays below WeCom's
// rate and concurrency limits however it is scripted.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		getenv:    os.Getenv,
		stderrTTY: isTerminal(os.Stderr),
		width:     func() int { return terminalWidth(os.Stderr) },
	})
	stop()
	os.Exit(code)
}
