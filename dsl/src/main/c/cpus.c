/*
 * Where the team's threads run (org.zeroth.tensor.Cpus). On a machine whose cores report no shared cache (a
 * Firecracker VM, here), Linux may wake a parked helper on the core of the thread that woke it and keep it there
 * while it stays busy: the helper then takes turns with the caller on one core while the other idles, and a job runs
 * at one core's pace (bench/README.md, "The team on one core").
 */
#define _GNU_SOURCE
#include <jni.h>
#include <sched.h>

JNIEXPORT jint JNICALL Java_org_zeroth_tensor_Cpus_current(JNIEnv *env, jclass cpus) {
    return sched_getcpu();
}

/* Moves the calling thread off cpu (to any other it may run on), then lets it run anywhere again; where it can't,
 * it stays. */
JNIEXPORT void JNICALL Java_org_zeroth_tensor_Cpus_leave(JNIEnv *env, jclass cpus, jint cpu) {
    cpu_set_t allowed;
    if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof allowed, &allowed) != 0
            || !CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2) {
        return;
    }
    cpu_set_t others = allowed;
    CPU_CLR(cpu, &others);
    if (sched_setaffinity(0, sizeof others, &others) == 0) {
        sched_setaffinity(0, sizeof allowed, &allowed); /* it stays where it went until Linux moves it */
    }
}
