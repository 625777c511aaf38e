package core_test

import (
	"testing"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// BenchmarkGovernorAcquire is the governor's cost per attempt: the pause
// check, the two local buckets and (for remark) the concurrency slot, with
// budgets too large to make anyone wait.
func BenchmarkGovernorAcquire(b *testing.B) {
	big := []core.Rate{{Events: 1 << 30, Per: time.Second, Burst: 1 << 30}, {Events: 1 << 30, Per: time.Hour, Burst: 1 << 30}}
	for _, path := range []string{"externalcontact/get", "externalcontact/remark"} {
		b.Run(path, func(b *testing.B) {
			g, err := core.NewGovernor(core.GovernorConfig{CorpID: "wwbench", Rates: big})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					release, _, err := g.Acquire(bg, path)
					if err != nil {
						b.Fatal(err)
					}
					release()
				}
			})
		})
	}
}
