/* hvpingpong: hvbench's yield loop alone. Two of these under the hypervisor switch to each
 * other on every wfi: the world-switch figure (tests/bench/run-hv-bench.sh). */
#define HVBENCH_PINGPONG 1
#include "hvbench.c"
