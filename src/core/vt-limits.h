/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The numbers that bound what Video Tasks asks of MiniMax, of its CDN and of this computer,
 * in one place. Time in seconds unless the name says otherwise.
 */

/* API queries */
#define VT_QUERY_TIMEOUT            20           /* per socket operation, and the whole answer */
#define VT_API_MAX_RESPONSE_SIZE    (64 * 1024)  /* real answers are well under 1 KiB */
#define VT_MAX_RETRY_AFTER          (60 * 60)    /* a longer Retry-After is taken as an hour */

/* Queries at once: the poller's default, the CLI's, and the connections the client keeps to
 * the API host, so that none waits for a connection another holds. */
#define VT_MAX_IN_FLIGHT            4

/* Connections to the API host are kept this long between checks. */
#define VT_HTTP_IDLE_TIMEOUT        60

/* Downloads */
#define VT_DOWNLOAD_TIMEOUT         30           /* per socket operation */
#define VT_DOWNLOAD_MAX_RESUMES     3            /* after a broken connection */
#define VT_DOWNLOAD_RESUME_DELAY_MS 250          /* doubled after each resume */
