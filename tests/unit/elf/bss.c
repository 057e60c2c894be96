// Good fixture with a large .bss next to a little .data: the writable
// segment's memsz far exceeds its filesz.
int main(void);

volatile long seed = 7;
static volatile unsigned char buffer[3 * 4096 + 100];

int
main(void)
{
    for (unsigned i = 0; i < sizeof(buffer); i++) {
        buffer[i] = (unsigned char)(seed + i);
    }
    return buffer[100];
}
