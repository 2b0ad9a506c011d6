//! A read-only view of the broker's subscriptions for everything above it (the monitoring
//! JSON, the playground, the UI): for each channel its single subscriptions (plain, online
//! durables, offline durables) and its queue groups, each with its members or, for a durable
//! group with none left, its offline shadow. The grouping and the reading of the server's
//! keys (`durable:group`) live here, once.

use super::channel::Channel;
use super::state::Broker;
use super::subscription::Subscription;

/// One channel and the subscriptions hanging off it, in the order monitoring lists them.
#[derive(Clone, Debug)]
pub struct ChannelView<'a> {
    pub channel: &'a Channel,
    /// Online plain subscriptions (online durables included) in creation order, then the
    /// offline durables.
    pub singles: Vec<&'a Subscription>,
    /// Every plain durable, online or offline, with the server's key for it
    /// (`clientID-subject-durable`).
    pub durables: Vec<(&'a str, &'a Subscription)>,
    pub queues: Vec<QueueView<'a>>,
}

/// A queue group.
#[derive(Clone, Debug)]
pub struct QueueView<'a> {
    /// The server's key: the group's name, or `durable:group` for a durable group.
    pub key: &'a str,
    /// The group's name as the client gave it.
    pub group: &'a str,
    /// The durable name of a durable group.
    pub durable: Option<&'a str>,
    /// The group's shared cursor.
    pub last_sent: u64,
    pub members: Vec<&'a Subscription>,
    /// A durable group with no member keeps its state in this offline subscription.
    pub shadow: Option<&'a Subscription>,
}

impl<'a> QueueView<'a> {
    /// What the group shows: its members, or its shadow when it has none.
    pub fn shown(&self) -> Vec<&'a Subscription> {
        if self.members.is_empty() {
            self.shadow.into_iter().collect()
        } else {
            self.members.clone()
        }
    }
}

impl<'a> ChannelView<'a> {
    /// Every subscription monitoring lists for the channel: the singles, then each group's
    /// members (or its shadow).
    pub fn subscriptions(&self) -> Vec<&'a Subscription> {
        let mut all = self.singles.clone();
        for q in &self.queues {
            all.extend(q.shown());
        }
        all
    }

    /// The plain durable `durable` of `client_id` on this channel, online or offline.
    pub fn durable(&self, client_id: &str, durable: &str) -> Option<&'a Subscription> {
        let key = Subscription::durable_key(client_id, &self.channel.name, durable);
        self.durables
            .iter()
            .find(|(k, _)| *k == key.as_str())
            .map(|(_, s)| *s)
    }

    /// The queue group a subscription belongs to, by the server's key.
    pub fn queue(&self, key: &str) -> Option<&QueueView<'a>> {
        self.queues.iter().find(|q| q.key == key)
    }
}

impl Broker {
    fn view_of<'a>(&'a self, ch: &'a Channel) -> ChannelView<'a> {
        let sub = |id| self.subs.get(id);
        let mut singles: Vec<&Subscription> = ch.plain_subs.iter().filter_map(sub).collect();
        singles.extend(
            ch.durables
                .values()
                .filter(|id| !ch.plain_subs.contains(id))
                .filter_map(sub),
        );
        let durables = ch
            .durables
            .iter()
            .filter_map(|(k, id)| Some((k.as_str(), sub(id)?)))
            .collect();
        let queues = ch
            .queues
            .iter()
            .map(|(key, q)| {
                // A durable group is keyed `durable:group` (a durable name has no colon).
                let (durable, group) = match key.split_once(':') {
                    Some((d, g)) if q.durable => (Some(d), g),
                    _ => (None, &**key),
                };
                QueueView {
                    key,
                    group,
                    durable,
                    last_sent: q.last_sent,
                    members: q.members.iter().filter_map(sub).collect(),
                    shadow: q.shadow.as_ref().and_then(sub),
                }
            })
            .collect();
        ChannelView {
            channel: ch,
            singles,
            durables,
            queues,
        }
    }

    /// Every channel, by name, with its subscriptions.
    pub fn channel_views(&self) -> impl Iterator<Item = ChannelView<'_>> {
        self.channels.values().map(|c| self.view_of(c))
    }

    pub fn channel_view(&self, name: &str) -> Option<ChannelView<'_>> {
        self.channels.get(name).map(|c| self.view_of(c))
    }
}

#[cfg(test)]
mod tests {
    use crate::broker::{Broker, Command, ConnId, Event, ReqId, ServerOptions, SubscribeRequest};

    use crate::broker::state::tests::connected as connect;

    fn subscribe(b: &mut Broker, conn: ConnId, edit: impl FnOnce(&mut SubscribeRequest)) {
        let mut request = SubscribeRequest::new("orders");
        edit(&mut request);
        b.handle(
            0,
            Command::Subscribe {
                req: ReqId(1),
                conn,
                request,
            },
        );
        assert!(b
            .drain_events()
            .any(|e| matches!(e, Event::Subscribed { .. })));
    }

    #[test]
    fn groups_are_read_once_with_their_names_members_and_shadow() {
        let mut b = Broker::new(ServerOptions::default());
        let a = connect(&mut b, "a");
        let c = connect(&mut b, "c");
        subscribe(&mut b, a, |_| {});
        subscribe(&mut b, a, |r| r.durable = Some("keep".into()));
        subscribe(&mut b, c, |r| {
            r.queue = Some("workers".into());
            r.durable = Some("dq".into());
        });
        subscribe(&mut b, a, |r| r.queue = Some("plain-group".into()));

        let v = b.channel_view("orders").expect("the channel");
        assert_eq!(v.singles.len(), 2, "the plain subscription and the durable");
        assert!(v.durable("a", "keep").is_some_and(|s| !s.is_offline()));
        assert!(v.durable("c", "keep").is_none(), "another client's key");
        let groups: Vec<_> = v
            .queues
            .iter()
            .map(|q| (q.key, q.group, q.durable))
            .collect();
        assert_eq!(
            groups,
            vec![
                ("dq:workers", "workers", Some("dq")),
                ("plain-group", "plain-group", None)
            ]
        );
        assert_eq!(v.subscriptions().len(), 4);

        // The durable group's last member closes: the group shows its offline shadow; the
        // client's durable goes offline and stays listed.
        b.handle(
            0,
            Command::Close {
                req: ReqId(2),
                conn: c,
            },
        );
        b.handle(
            0,
            Command::Close {
                req: ReqId(3),
                conn: a,
            },
        );
        let v = b.channel_view("orders").expect("the channel");
        let q = v.queue("dq:workers").expect("the durable group stays");
        assert!(q.members.is_empty());
        let shown = q.shown();
        assert_eq!(shown.len(), 1);
        assert!(shown[0].is_offline());
        assert!(v.durable("a", "keep").is_some_and(|s| s.is_offline()));
        assert!(
            v.queue("plain-group").is_none(),
            "a plain group goes with its members"
        );
        assert_eq!(
            b.channel_subscriptions(v.channel).len(),
            v.subscriptions().len()
        );
    }
}
