# Amanda::Interactivity::mediachange: Amanda asks for volumes at the mediachange console.
#
# Installed as /usr/share/mediachange/amanda/Amanda/Interactivity/mediachange.pm (package
# mediachange-client, which links it into Perl's path as
# /usr/share/perl5/Amanda/Interactivity/mediachange.pm; tarball:
# share/mediachange/amanda/..., link it into a directory of Perl's @INC yourself). In amanda.conf:
#
#   define interactivity "mediachange" {
#       plugin "mediachange"
#       property "mediachange-host" "console"            # else host= of mediachangec.properties
#       property "mediachangec-opts" "--timeout 12h"     # optional, as MEDIACHANGEC_OPTS
#   }
#   interactivity "mediachange"
#   taperscan "lexical"     # or "oldest": the taperscans that ask (not "traditional")
#
# When a scan finds no usable volume, Amanda calls user_request: this module runs
# mediachange-ask (beside it in /usr/share/mediachange/hooks, or the property "mediachange-ask")
# in a child process and returns at once, as Amanda's main loop requires. OK makes Amanda scan
# the changer again (and ask again if the volume is still not there); Cancel, or no answer
# (timeout, refused, unreachable after mediachange-ask's retries), ends the scan with an error.
# When Amanda's own poll (every 10 s) finds a volume meanwhile, it calls abort: the child is
# stopped and the request disappears from the console (withdrawn).
package Amanda::Interactivity::mediachange;

use strict;
use warnings;
use vars qw( @ISA );
@ISA = qw( Amanda::Interactivity );

use Cwd ();
use File::Basename ();
use File::Temp ();
use POSIX ();
use Amanda::Changer;
use Amanda::Config;
use Amanda::Debug qw( debug );
use Amanda::MainLoop;

sub new {
    my ($class, $properties) = @_;
    my $self = {
        properties => $properties || {},
        request    => undef,    # the pending request: { pid => ..., aborted => 0|1 }
    };
    return bless($self, $class);
}

# The first value of a property; names as Amanda treats them (case, "-" and "_" alike).
sub _property {
    my ($self, $name) = @_;
    my $props = $self->{'properties'};
    for my $key (keys %$props) {
        (my $norm = lc $key) =~ tr/_/-/;
        return $props->{$key}->{'values'}->[0] if $norm eq $name;
    }
    return undef;
}

# mediachange-ask: the property, else beside this file's real location
# (.../share/mediachange/amanda/Amanda/Interactivity -> .../share/mediachange/hooks).
sub _ask_program {
    my ($self) = @_;
    my $configured = $self->_property('mediachange-ask');
    return $configured if defined $configured && $configured ne '';
    my $real = Cwd::abs_path(__FILE__) || __FILE__;
    my $share = File::Basename::dirname(File::Basename::dirname(File::Basename::dirname(
        File::Basename::dirname($real))));
    return "$share/hooks/mediachange-ask";
}

# One line for the console.
sub _text {
    my ($self, %params) = @_;
    my $config = Amanda::Config::get_config_name() || '?';
    my $changer = $params{'chg_name'} || 'the changer';
    my $what;
    if ($params{'label'} && $params{'new_volume'}) {
        $what = "volume '$params{'label'}' or a new volume";
    } elsif ($params{'label'}) {
        $what = "volume '$params{'label'}'";
    } else {
        $what = "a new volume";
    }
    my $text = "Amanda ($config): insert $what in $changer and press OK"
             . " (Amanda looks again; Cancel stops the taping)";
    my $err = defined $params{'err'} ? "$params{'err'}" : '';
    $err =~ s/\s+/ /g;
    $err =~ s/^ | $//g;
    $text .= " -- $err" if $err ne '';
    return substr($text, 0, 3000);
}

# Ends the pending request without calling its request_cb (as the tty and email modules do):
# its child is stopped, and its exit, still watched (and so reaped), is ignored.
sub abort {
    my ($self) = @_;
    my $request = $self->{'request'} or return;
    $self->{'request'} = undef;
    $request->{'aborted'} = 1;
    debug("mediachange: request withdrawn (Amanda no longer needs it), stopping pid $request->{'pid'}");
    kill('TERM', $request->{'pid'});
}

sub DESTROY {
    my ($self) = @_;
    kill('TERM', $self->{'request'}->{'pid'}) if $self->{'request'};
}

sub user_request {
    my ($self, %params) = @_;
    my $request_cb = $params{'request_cb'};
    my $program = $self->_ask_program();
    my $text = $self->_text(%params);
    my $errors = File::Temp->new(TEMPLATE => 'mediachange-XXXXXX', TMPDIR => 1);

    $self->abort();
    debug("mediachange: asking through $program: $text");
    my $pid = fork();
    if (!defined $pid) {
        return $request_cb->(Amanda::Changer::Error->new('fatal',
            message => "mediachange: cannot start $program: $!"));
    }
    if ($pid == 0) {
        # The child: nothing of Amanda's (its sockets, its pipes) may stay open in it.
        POSIX::setsid();
        open(STDIN, '<', '/dev/null');
        open(STDOUT, '>', '/dev/null');
        open(STDERR, '>&', $errors);
        POSIX::close($_) for 3 .. 1023;
        my $host = $self->_property('mediachange-host');
        my $opts = $self->_property('mediachangec-opts');
        $ENV{'MEDIACHANGE_HOST'} = $host if defined $host && $host ne '';
        $ENV{'MEDIACHANGEC_OPTS'} = $opts if defined $opts && $opts ne '';
        exec($program, $text) or POSIX::_exit(5);
    }
    my $request = { pid => $pid, aborted => 0 };
    $self->{'request'} = $request;
    my $watch = Amanda::MainLoop::child_watch_source($pid);
    $watch->set_callback(sub {
        my ($src, $child, $status) = @_;
        $src->remove();
        return if $request->{'aborted'};
        $self->{'request'} = undef;
        my $code = ($status & 127) ? 128 + ($status & 127) : $status >> 8;
        if ($code == 0) {
            debug("mediachange: the operator answered OK");
            return $request_cb->(undef, '');
        }
        seek($errors, 0, 0);
        my $why = join(' ', map { chomp; $_ } <$errors>);
        my $message = $code == 1 ? "the operator answered Cancel at the mediachange console"
                                 : "no answer from the mediachange console (exit $code: $why)";
        debug("mediachange: $message");
        return $request_cb->(Amanda::Changer::Error->new('fatal', message => $message));
    });
    return;
}

1;
