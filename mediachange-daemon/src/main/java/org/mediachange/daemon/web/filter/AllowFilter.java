package org.mediachange.daemon.web.filter;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import org.mediachange.common.net.Addresses;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.log.WebLog;

/** The daemon's {@code --allow} list, for the web console too: anyone else gets 403, and a log line. */
public final class AllowFilter extends Filter {

    private static final WebLog LOG = WebLog.of(AllowFilter.class);

    private final AllowList allowList;

    /** Lets in the peers {@code allowList} allows. */
    public AllowFilter(AllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        InetAddress peer = ex.getRemoteAddress().getAddress();
        if (!allowList.allows(peer)) {
            LOG.warn("web console: refused {}: not in the allow list", Addresses.format(peer));
            Http.sendProblem(ex, 403, "this host may not use the console");
            return;
        }
        chain.doFilter(ex);
    }

    @Override
    public String description() {
        return "allow list";
    }
}
