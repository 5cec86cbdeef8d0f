// "Theo dõi" on a report: a signed-in citizen follows with one button (and may stop); anyone may be notified on
// this device (Web Push), and someone not signed in may follow by e-mail (double opt-in) or sign in. The
// reporter is told already, and may add this device.
import { useEffect, useState } from 'preact/hooks';
import { fetchFollowState, followReport, unfollowReport, type FollowState } from '../api-follow.js';
import { useI18n } from '../i18n/index.js';
import { signInHref, useSession } from '../session.js';
import { DevicePush } from './device-push.js';
import { EmailFollowForm } from './email-follow.js';
import { errorMessage } from './labels.js';

export function FollowBox({
  code,
  isReporter,
  onSupporters,
}: {
  code: string;
  isReporter: boolean;
  /** How many people the report now concerns, after this person followed or stopped. */
  onSupporters?: (supporters: number) => void;
}) {
  const { t } = useI18n();
  const { state: session } = useSession();
  const citizen = session.status === 'signed_in' && session.me.kind === 'citizen';
  const [follow, setFollow] = useState<FollowState | null>(null);
  const [changed, setChanged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!citizen || isReporter) return undefined;
    const controller = new AbortController();
    fetchFollowState(code, controller.signal).then(
      (loaded) => {
        if (!controller.signal.aborted) setFollow(loaded);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure(errorMessage(error, t, 'follow.loadError'));
      },
    );
    return () => {
      controller.abort();
    };
    // Not on `t`: the follow state does not change with the language.
  }, [code, citizen, isReporter]);

  if (session.status === 'signed_in' && session.me.kind !== 'citizen') return null;

  const change = (next: 'follow' | 'unfollow') => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    (next === 'follow' ? followReport(code) : unfollowReport(code)).then(
      (state) => {
        setBusy(false);
        setFollow(state);
        setChanged(true);
        onSupporters?.(state.supporters);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(errorMessage(error, t, 'follow.actionError'));
      },
    );
  };

  return (
    <section class="card follow-box" aria-labelledby="follow-title" data-testid="follow-box">
      <h2 id="follow-title">{t('follow.followTitle')}</h2>
      {isReporter ? (
        <p>{t('follow.reporterFollows')}</p>
      ) : (
        citizen && (
          <>
            <p>{t('follow.followIntro')}</p>
            <p role="status" data-testid="follow-state">
              {follow !== null &&
                (follow.following ? t('follow.following') : changed ? t('follow.notFollowing') : '')}
            </p>
            {follow !== null && (
              <button
                type="button"
                class={follow.following ? 'button' : 'button button-primary'}
                aria-disabled={busy}
                data-testid={follow.following ? 'unfollow' : 'follow'}
                onClick={() => {
                  change(follow.following ? 'unfollow' : 'follow');
                }}
              >
                {busy
                  ? t('follow.sending')
                  : t(follow.following ? 'follow.unfollowButton' : 'follow.followButton')}
              </button>
            )}
            {failure !== null && (
              <p class="form-error" role="alert">
                {failure}
              </p>
            )}
          </>
        )
      )}

      <h3>{t('follow.deviceTitle')}</h3>
      <DevicePush
        code={code}
        account={isReporter || (citizen && follow?.following === true)}
        {...(onSupporters ? { onSupporters } : {})}
      />

      {!isReporter && !citizen && (
        <>
          <h3>{t('follow.emailTitle')}</h3>
          <EmailFollowForm code={code} />
          <h3>{t('follow.signInTitle')}</h3>
          <p>{t('follow.followSignedOut')}</p>
          <p>
            <a class="button" href={signInHref(`/phan-anh/${code}`)} data-testid="follow-sign-in">
              {t('follow.followSignIn')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
