# Shared by the glxgears benchmarks (sourced, not run): how a figure is read and reported.

# glxgears prints "N frames in 5.0 seconds = F FPS" every 5 s; the first report includes start-up
# and is dropped.  Prints the mean FPS of the rest.
fps_of() { awk '/frames in/ { if (n++) { s += $(NF-1); m++ } } END { printf "%.1f\n", m ? s / m : 0 }' "$1"; }

# The machine may be shared: every figure is printed with the 1-minute load average at its end.
load() { cut -d' ' -f1 /proc/loadavg; }

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# wait_socket PATH: until a server listens there (5 s at most).
wait_socket() { for _ in $(seq 100); do [ -S "$1" ] && return 0; sleep 0.05; done; return 1; }
