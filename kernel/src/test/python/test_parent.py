"""A kernel whose parent is killed (a Jupyter server that crashed, an nbconvert stopped by a timeout) ends by itself,
as SIGTERM ends it: shutdown hooks run, so a checkpointed run under way writes its last checkpoint."""
import os
import signal
import struct
import subprocess
import sys
import time
import unittest

from harness import KERNELS, SCRATCH

# Started as its own process: starts a kernel, sets it to work, prints the kernel's pid and waits to be killed.
PARENT = r'''
import os, sys, time
from jupyter_client.manager import start_new_kernel
name, work = sys.argv[1:3]
manager, client = start_new_kernel(kernel_name=name, startup_timeout=120, stderr=open(f"{work}/kernel.log", "w"))
results = []
client.execute_interactive("ProcessHandle.current().pid()", timeout=120,
                           output_hook=lambda m: results.append(m["content"].get("data", {}).get("text/plain")))
client.execute_interactive("""
var marker = java.nio.file.Path.of("%s/hooks-ran");
Runtime.getRuntime().addShutdownHook(new Thread(() -> {
    try { java.nio.file.Files.writeString(marker, "yes"); } catch (java.io.IOException e) { throw new RuntimeException(e); }
}));""" % work, timeout=120)
client.execute("""
long[] count = {0};
var busy = java.nio.file.Path.of("%s/busy");
Objective bowl = x -> {
    if (++count[0] == 200) { try { java.nio.file.Files.writeString(busy, "yes"); } catch (java.io.IOException e) { throw new RuntimeException(e); } }
    return x.mul(x).sumNumber().doubleValue();
};
zo.minimize(bowl).from(1, 2, 3).withGaussianDirections(1e-3).progress(false)
  .checkpointEvery(1_000_000_000, java.nio.file.Path.of("%s/run.ckpt")).steps(Long.MAX_VALUE)""" % (work, work))
while not os.path.exists(f"{work}/busy"):
    time.sleep(0.05)
print([r for r in results if r][0], flush=True)
time.sleep(3600)
'''


def ended(pid):
    """Gone, or a zombie its new parent has not reaped yet."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def checkpoint_steps(path):
    """The `steps` field of a checkpoint (README, "Checkpoint format")."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"ZEROTHCK", data[:8]
    at = 12  # magic, format
    for _ in range(2):  # zeroth version, plan
        (length,) = struct.unpack(">i", data[at:at + 4])
        at += 4 + length
    total, steps = struct.unpack(">qq", data[at:at + 16])
    return steps


class ParentGone(unittest.TestCase):

    def test_a_kernel_ends_when_its_parent_is_killed_and_saves_its_run(self):
        work = os.path.join(SCRATCH, "orphan")
        os.makedirs(work, exist_ok=True)
        parent = subprocess.Popen([sys.executable, "-c", PARENT, KERNELS["17"], work], stdout=subprocess.PIPE,
                                  text=True)
        line = parent.stdout.readline()
        self.assertTrue(line.strip().isdigit(), f"the parent did not get its kernel busy: {line!r}")
        pid = int(line)
        self.assertFalse(os.path.exists(f"{work}/hooks-ran"))
        parent.kill()  # no shutdown request: the kernel is on its own
        parent.wait()
        deadline = time.monotonic() + 120  # a hang, not a speed: the kernel polls once a second
        while not ended(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not ended(pid):
            os.kill(pid, signal.SIGKILL)
            self.fail("the kernel lived on after its parent was killed")
        with open(f"{work}/kernel.log") as log:
            said = log.read()
        self.assertIn("is gone: shutting down", said)
        with open(f"{work}/hooks-ran") as marker:
            self.assertEqual("yes", marker.read(), "the kernel exited through its shutdown hooks")
        self.assertGreater(checkpoint_steps(f"{work}/run.ckpt"), 0,
                           "the run's last checkpoint was written on the way out\n" + said)


if __name__ == "__main__":
    unittest.main()
