package io.facegate.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The app process's CPU time (user + system) from the start of a measured run, read from {@code /proc/PID/stat}
 * on this machine: the figure of the load run that other work on the machine changes least.
 *
 * @param pid    the app's process id, 0 when not measured
 * @param before its CPU seconds at the start
 */
record AppCpu(long pid, double before) {

    /** Clock ticks per second of {@code /proc/PID/stat}'s times: Linux's USER_HZ, 100 on every architecture's ABI. */
    static final double TICKS_PER_SECOND = 100;

    /**
     * @param pid the app's process id, 0 for none
     * @return its CPU time now, to subtract from at the end
     * @throws UncheckedIOException when the process cannot be read
     */
    static AppCpu of(long pid) {
        return new AppCpu(pid, pid == 0 ? 0 : seconds(pid));
    }

    /**
     * Prints the app's CPU seconds since {@link #of} and per login, in the line format of {@code
     * scripts/load-run.sh}; nothing when not measured.
     *
     * @param out      where to print
     * @param label    the run's label
     * @param scenario the scenario's name
     * @param logins   logins in the measured run
     */
    void print(PrintStream out, String label, String scenario, int logins) {
        if (pid == 0) {
            return;
        }
        double used = seconds(pid) - before;
        out.printf(Locale.ROOT, "%-18s %-22s app CPU %7.1f s for %5d logins: %6.3f s per login (load after: %s)%n",
                label, scenario, used, logins, logins > 0 ? used / logins : 0, loadAverage());
    }

    /** User + system seconds of a process: fields 14 and 15 of its stat line, counted after the name's ')'. */
    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3): utime is field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("The app's process " + pid + " cannot be read", e);
        }
    }

    private static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
