package callback

// SetTestHookWait lets external tests observe a duplicate delivery waiting
// for the copy in flight.
func SetTestHookWait(h *Handler, f func()) { h.testHookWait = f }

// SetTestHookBusy lets external tests observe a delivery found claimed by
// another instance.
func SetTestHookBusy(h *Handler, f func()) { h.testHookBusy = f }
