// Wrong-architecture fixture: a static x86-64 executable built by the host
// compiler, which the RISC-V validator must refuse as "not RISC-V".
void _start(void);

volatile int sink;

void
_start(void)
{
    for (;;) {
        sink++;
    }
}
