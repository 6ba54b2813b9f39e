package cluster

import (
	"os"
	"os/exec"
	"slices"
	"testing"
)

// Freeze finds the postmaster's children through /proc; the parsing must survive
// command names with spaces and parentheses.
func TestChildrenOf(t *testing.T) {
	if got := parentOf(os.Getpid()); got != os.Getppid() {
		t.Fatalf("parentOf(self) = %d, want %d", got, os.Getppid())
	}

	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a child: %v", err)
	}
	defer func() {
		_ = cmd.Process.Kill() // the child this test started, by its PID
		_ = cmd.Wait()
	}()

	if !slices.Contains(childrenOf(os.Getpid()), cmd.Process.Pid) {
		t.Errorf("childrenOf(self) misses the child %d", cmd.Process.Pid)
	}
}
