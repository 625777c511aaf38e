// Package bench measures the SDK beside plain net/http + encoding/json in
// the same run, with the fake WeCom in a child process so that the CPU time
// and allocations a benchmark reports are the client's alone. It is its own
// module so that the faster JSON codec it plugs in (github.com/goccy/go-json)
// never becomes a dependency of the library.
//
//	cd bench && go test -run '^$' -bench . -benchmem -count 7 | tee new.txt
//	benchstat -col /impl new.txt
package bench
