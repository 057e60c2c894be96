// Good fixture with initialized data and read-only data (no .bss):
// three PT_LOAD segments, R+X, R and R+W.
int main(void);

static const char message[] = "hello from a mirv boot process";
volatile long counter = 42;

int
main(void)
{
    long sum = 0;

    for (unsigned i = 0; i < sizeof(message); i++) {
        sum += message[i];
    }
    counter += sum;
    return (int)counter;
}
