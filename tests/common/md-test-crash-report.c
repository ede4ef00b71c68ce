/* md-test-crash-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* A test program that crashes or fails an assertion has gdb print every
 * thread's stack on stderr (meson's log) before it dies: a crash seen once
 * in a loaded CI run is otherwise just "killed by signal 11", and the
 * thread that crashed is often one of GStreamer's. The sanitizer builds
 * report crashes themselves and keep their own handlers. Without gdb
 * nothing changes. */

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif

#ifndef UNDER_ASAN

#define GDB_PATH "/usr/bin/gdb"

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* Only async-signal-safe calls from here on. */
static void
format_pid (char  *out,
            pid_t  pid)
{
  char digits[16];
  int n = 0;

  do
    digits[n++] = '0' + pid % 10;
  while ((pid /= 10) > 0);
  while (n > 0)
    *out++ = digits[--n];
  *out = '\0';
}

static void
on_fatal_signal (int signum)
{
  static const char banner[] = "\n== crash report: every thread's stack (gdb) ==\n";
  char pid[16];
  pid_t child;

  format_pid (pid, getpid ());
  if (write (STDERR_FILENO, banner, sizeof banner - 1) < 0)
    {
      /* Nothing to do about it in a dying process. */
    }

  child = fork ();
  if (child == 0)
    {
      char *argv[] = {
        "gdb", "-nx", "-batch", "-p", pid,
        "-iex", "set debuginfod enabled off",
        "-ex", "thread apply all bt 40",
        NULL
      };

      dup2 (STDERR_FILENO, STDOUT_FILENO);
      execv (GDB_PATH, argv);
      _exit (127);
    }
  if (child > 0)
    waitpid (child, NULL, 0);

  signal (signum, SIG_DFL);
  raise (signum);
}

__attribute__((constructor)) static void
md_test_crash_report_install (void)
{
  struct sigaction action = { 0 };

  if (access (GDB_PATH, X_OK) != 0)
    return;

  /* Where Yama restricts ptrace, let our own gdb attach. */
  prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);

  action.sa_handler = on_fatal_signal;
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&action.sa_mask);
  for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
    sigaction (fatal_signals[i], &action, NULL);
}

#endif
