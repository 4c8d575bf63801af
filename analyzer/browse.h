/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * browse.h - the ncurses region browser behind `fadump-analyze browse`.
 *
 * Panes: a to-scale map of physical memory beside the region list, a hex
 * view of physical or kernel virtual memory (goto, next/previous region,
 * byte and string search that runs in steps between key polls), the
 * per-thread registers (firmware save area beside the notes), VMCOREINFO
 * and the kernel log.  Memory is read only for what is shown.
 */
#ifndef FA_BROWSE_H
#define FA_BROWSE_H

/*
 * fa_browse() - open @path (with the registration structure @fdm_path
 * instead of the capture root's, when not NULL) and run the browser on
 * the terminal until the user quits.  A dump that does not open shows an
 * error screen.  The caller has checked that stdin and stdout are
 * terminals.  Returns the exit status: FA_EXIT_OK, or FA_EXIT_INPUT when
 * the dump could not be opened.
 */
int fa_browse(const char *path, const char *fdm_path);

#endif /* FA_BROWSE_H */
