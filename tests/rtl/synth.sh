#!/bin/sh
# synth.sh OUTDIR SOURCES...: yosys area report.
#  - synth_ecp5 of the SoC (rv_soc with RAM shrunk to 64 KiB of block RAM: the
#    128 MiB simulation RAM would be external memory on a board);
#  - synth_ecp5 of the hart alone (rv_core);
#  - generic synth (-lut 4) of the hart alone (generic synth has no block RAM,
#    so RAM would become flip-flops).
# Prints cells, LUTs and FFs for each.
set -eu
out=$1
shift
srcs="$*"
ys() { # name script
    yosys -q -l "$out/synth_$1.log" -p "read_verilog -sv $srcs; chparam -set RamBytes 65536 rv_soc; $2" >/dev/null
}
count() { # log cell-name (0 if absent)
    n=$(grep -E "^ +$2 +[0-9]+" "$1" | tail -1 | awk '{print $2}')
    echo "${n:-0}"
}
report_ecp5() { # name log
    cells=$(grep -E "^ +Number of cells:" "$2" | tail -1 | awk '{print $4}')
    echo "synth ecp5 $1: cells=$cells LUT4=$(count "$2" LUT4) CCU2C=$(count "$2" CCU2C)" \
         "FF=$(count "$2" TRELLIS_FF) DP16KD=$(count "$2" DP16KD) DPR16X4=$(count "$2" TRELLIS_DPR16X4)" \
         "MULT18X18D=$(count "$2" MULT18X18D)"
}
ys ecp5_soc "synth_ecp5 -top rv_soc; stat"
report_ecp5 rv_soc "$out/synth_ecp5_soc.log"
ys ecp5_core "synth_ecp5 -top rv_core; stat"
report_ecp5 rv_core "$out/synth_ecp5_core.log"
ys generic_core "synth -flatten -top rv_core -lut 4; stat"
log="$out/synth_generic_core.log"
cells=$(grep -E "^ +Number of cells:" "$log" | tail -1 | awk '{print $4}')
ffs=$(awk '/^=== / {s = 0} /^ +\$_(S|A)?DFF/ {s += $2} END {print s+0}' "$log")
echo "synth generic rv_core: cells=$cells LUT4=$(count "$log" '\$lut') FF=$ffs"
# the RTL must not infer latches
if grep -h "Latch inferred" "$out"/synth_ecp5_soc.log "$out"/synth_ecp5_core.log \
        "$out"/synth_generic_core.log; then
    echo "synth: latches inferred (see above)"
    exit 1
fi
echo "synth: no latches inferred"
