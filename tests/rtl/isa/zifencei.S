/* zifencei.S: self-modifying code: write an instruction into RAM, execute
 * it after fence.i, patch it and execute the new version. */
#include "test.h"
    .option norvc
TEST_BEGIN
    la s0, code
    li t0, 0x02a00513               /* addi a0, zero, 42 */
    sw t0, 0(s0)
    li t0, 0x00008067               /* ret */
    sw t0, 4(s0)
    fence.i
    jalr s0
    CHECK(1, a0, 42)
    li t0, 0x02b00513               /* addi a0, zero, 43 */
    sw t0, 0(s0)
    fence.i
    jalr s0
    CHECK(2, a0, 43)
    j pass
TEST_END
    .data
    .balign 8
code: .word 0, 0
