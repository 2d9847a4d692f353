/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The numbers that bound what Video Tasks asks of MiniMax, of its CDN and of this computer,
 * in one place. Time in seconds unless the name says otherwise.
 */

/* API queries */
#define VT_QUERY_TIMEOUT            20           /* per socket operation, and the whole answer */
#define VT_API_MAX_RESPONSE_SIZE    (64 * 1024)  /* real answers are well under 1 KiB */
#define VT_API_LARGE_BODY           (64 * 1024)  /* sent below the windows' redraws */
#define VT_MAX_RETRY_AFTER          (60 * 60)    /* a longer Retry-After is taken as an hour */
#define VT_DEFAULT_PER_MINUTE       60           /* an account's queries a minute (the setting) */
#define VT_RATE_LIMIT_HOLD          10           /* the account waits this long after a 1002 or
                                                    429 that says no Retry-After */

/* Files sent to MiniMax (/v1/files/upload): its largest, a video of 50 MB (images take 30,
 * audio 15), and how long the whole upload may take. */
#define VT_UPLOAD_MAX_SIZE          (50 * 1024 * 1024)
#define VT_UPLOAD_TIMEOUT           (10 * 60)

/* Queries at once: the poller's default, the CLI's, and the connections the client keeps to
 * the API host, so that none waits for a connection another holds. */
#define VT_MAX_IN_FLIGHT            4

/* Connections to the API host are kept this long between checks. */
#define VT_HTTP_IDLE_TIMEOUT        60

/* Downloads */
#define VT_DOWNLOAD_TIMEOUT         30           /* per socket operation */
#define VT_DOWNLOAD_MAX_RESUMES     3            /* after a broken connection */
#define VT_DOWNLOAD_MAX_REDIRECTS   5            /* a CDN sending a video elsewhere */
#define VT_AUTO_DOWNLOADS_AT_ONCE   3            /* finished videos saved by themselves */
/* Connections to one CDN host at once: the automatic downloads and a few chosen by hand.
 * (libsoup's default, 2, left the third automatic download waiting, "Starting…".) */
#define VT_DOWNLOAD_CONNECTIONS     6
#define VT_DOWNLOAD_RESUME_DELAY_MS 250          /* doubled after each resume */
/* MiniMax videos are clips of 6 to 10 s, tens of MB even at 1080p; the longest kinds stay
 * well under 1 GB. 2 GiB is far above any of them, below the 4 GiB a FAT32 stick can hold,
 * and stops a server that never ends its answer before it fills the disk. */
#define VT_DOWNLOAD_MAX_SIZE        (G_GUINT64_CONSTANT (2) << 30)
/* Less than this much in this many seconds is no real progress: the connection is dropped
 * and resumed (a trickle of a byte now and then defeats the per-read timeout). */
#define VT_DOWNLOAD_STALL_TIMEOUT   60
#define VT_DOWNLOAD_STALL_BYTES     (32 * 1024)
/* A part file no download holds and unchanged this long was left by a crash (a live writer,
 * even a stalled one, touches it or holds its lock well within this). */
#define VT_STALE_PART_AGE           (2 * VT_DOWNLOAD_STALL_TIMEOUT)

/* The task list's temporaries (.goutputstream-*) older than this were left by a crash:
 * a save takes milliseconds. */
#define VT_STALE_TEMPORARY_AGE      60

/* Import Recent Tasks: a page of H3 tasks may carry their prompts (up to 2,000 characters
 * each), so 10 a page keeps an answer under the 64 KiB cap; 100 pages is 1,000 tasks, far
 * more than a week of generating, and at the default 60 requests a minute under 2 minutes. */
#define VT_IMPORT_PAGE_SIZE         10
#define VT_IMPORT_MAX_PAGES         100

/* A task's label, in characters: far more than any name a person gives a task, and little
 * enough that a row never has to size pages of text (a 3 MB label in the saved list made X
 * refuse the row's pixmap, BadAlloc, at every start). */
#define VT_MAX_LABEL_CHARS          200

/* Import Recent Tasks takes at most this many tasks, whatever the pages say: the page cap's
 * 100 pages of 10. A list that a server made 350,000 tasks long froze the window at every
 * save. */
#define VT_IMPORT_MAX_TASKS         1000

/* A part file stopped by quitting is kept this long (since its last write) for the next
 * download of its task, which goes on from it; after that it is debris like any other.
 * MiniMax keeps H3 tasks 7 days, and its video links expire well within that. */
#define VT_DOWNLOAD_PART_KEEP_DAYS  7

/* The last save as the program ends waits this long, in steps of the second, for another
 * instance to let go of the list's lock (a write takes milliseconds); then it gives up
 * rather than hang the quit on an instance that is stuck. */
#define VT_LIST_LOCK_WAIT_MS        2000
#define VT_LIST_LOCK_RETRY_MS       10

/* Thumbnails: the freedesktop "large" size (GLib 2.74 and Files look there), how much of a
 * link is read to make one (its start, and its index when that is at the end), how long a
 * video may take to give its first frame, how many are made at once, and how long quitting
 * waits for the pipelines still closing (a few hundred milliseconds each at worst). */
#define VT_THUMBNAIL_SIZE           256
#define VT_THUMBNAIL_HEAD_SIZE      (1024 * 1024)
#define VT_THUMBNAIL_INDEX_MAX_SIZE (4 * 1024 * 1024)
#define VT_THUMBNAIL_MAX_FILE_SIZE  (4 * 1024 * 1024)  /* a cached PNG read back */
#define VT_THUMBNAIL_TIMEOUT        20
#define VT_THUMBNAILS_AT_ONCE       2
#define VT_THUMBNAIL_CLOSE_WAIT_MS  5000
/* How long a preview no longer shown stays paused before it is closed (vt-media.c). */
#define VT_MEDIA_RELEASE_DELAY_MS   500
