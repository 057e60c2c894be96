/* mmu_ad.S: mmu.S plus the checks where QEMU 7.2 is not a reference:
 * page faults on A = 0 and on stores with D = 0 (no hardware A/D update),
 * and an access fault when the page-table walker reads unmapped memory. */
#define MMU_EXTRA
#include "mmu.S"
