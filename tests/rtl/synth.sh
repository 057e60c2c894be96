#!/bin/sh
# synth.sh OUTDIR SOURCES...: synthesizes rv_soc (RAM shrunk to 64 KiB, since
# the 128 MiB simulation RAM is external memory on a board) with yosys:
# synth_ecp5 and generic synth (4-input LUTs), and prints cells, LUTs and FFs.
set -eu
out=$1
shift
srcs="$*"
ys() { # name script
    yosys -q -l "$out/synth_$1.log" -p "read_verilog -sv $srcs; chparam -set RamBytes 65536 rv_soc; $2" >/dev/null
}
ys ecp5 "synth_ecp5 -top rv_soc; stat"
ys generic "synth -top rv_soc -lut 4; stat"
report() { # name log
    log=$2
    cells=$(grep -E "^ +Number of cells:" "$log" | tail -1 | awk '{print $4}')
    if [ "$1" = ecp5 ]; then
        luts=$(grep -E "^ +LUT4 " "$log" | tail -1 | awk '{print $2}')
        ccu=$(grep -E "^ +CCU2C " "$log" | tail -1 | awk '{print $2}')
        ffs=$(grep -E "^ +TRELLIS_FF " "$log" | tail -1 | awk '{print $2}')
        ram=$(grep -E "^ +DP16KD " "$log" | tail -1 | awk '{print $2}')
        dram=$(grep -E "^ +TRELLIS_DPR16X4 " "$log" | tail -1 | awk '{print $2}')
        echo "synth ecp5: cells=$cells LUT4=${luts:-0} CCU2C=${ccu:-0} FF=${ffs:-0} DP16KD=${ram:-0} DPR16X4=${dram:-0}"
    else
        luts=$(grep -E '^ +\$lut ' "$log" | tail -1 | awk '{print $2}')
        ffs=$(awk '/^ +\$_(S|A)?DFFE?_/ {s += $2} /^ +\$_DFF/ {s += $2} END {print s+0}' "$log")
        echo "synth generic: cells=$cells LUT4=${luts:-0} FF=$ffs"
    fi
}
report ecp5 "$out/synth_ecp5.log"
report generic "$out/synth_generic.log"
