// Per user, the weekly hours that switch them online and offline, with exceptions.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { NavLink, useParams } from "react-router";
import { ApiError, unwrap } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useI18n } from "../../i18n";
import { problemText } from "../../ui/problem";
import { useToast } from "../../ui/Toasts";
import { adminKeys, useUsers, type Hours, type User } from "../api";
import { ConfirmDialog, FormError, ListState, PanelHeader, QueryState } from "../parts";
import { defaultHours, editableHours, HoursEditor, hoursErrors } from "./HoursEditor";

export function SchedulesPanel() {
  const { t } = useI18n();
  const { userId } = useParams();
  const users = useUsers();
  const chosen = users.data?.find((user) => user.id === userId);
  return (
    <section aria-labelledby="admin-schedules-title">
      <PanelHeader title={t("admin.schedules.title")} id="admin-schedules-title" />
      <div className="admin-split">
        <nav className="admin-list-nav" aria-label={t("admin.schedules.people")}>
          <ListState query={users} empty={t("admin.users.empty")}>
            {(list) =>
              list
                .filter((user) => user.is_active)
                .map((user) => (
                  <NavLink key={user.id} to={`/admin/schedules/${user.id}`} className="admin-list-link">
                    {user.name}
                  </NavLink>
                ))
            }
          </ListState>
        </nav>
        <div className="admin-detail">
          {chosen ? <UserSchedule key={chosen.id} user={chosen} /> : <p className="admin-empty">{t("admin.schedules.pick")}</p>}
        </div>
      </div>
    </section>
  );
}

function UserSchedule({ user }: { user: User }) {
  const api = useApi();
  const query = useQuery({
    queryKey: adminKeys.schedule(user.id),
    queryFn: () => loadSchedule(api, user.id),
  });
  return <QueryState query={query}>{(schedule) => <ScheduleForm user={user} schedule={schedule} />}</QueryState>;
}

type Schedule = NonNullable<Awaited<ReturnType<typeof loadSchedule>>>;

async function loadSchedule(api: ReturnType<typeof useApi>, userId: string) {
  try {
    return await unwrap(api.GET("/api/v1/schedules/{user_id}", { params: { path: { user_id: userId } } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function ScheduleForm({ user, schedule }: { user: User; schedule: Schedule | null }) {
  const { t, language } = useI18n();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const [hours, setHours] = useState<Hours | null>(schedule ? editableHours(schedule.hours) : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const path = { params: { path: { user_id: user.id } } };

  const save = useMutation({
    mutationFn: (body: Hours) => unwrap(api.PUT("/api/v1/schedules/{user_id}", { ...path, body })),
    onSuccess: (saved) => {
      client.setQueryData(adminKeys.schedule(user.id), saved);
      toast(t("admin.schedules.saved", { name: user.name }));
    },
    onError: (error) => {
      const found = hoursErrors(error);
      setErrors(found);
      setGeneral(Object.keys(found).length ? null : problemText(error));
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/schedules/{user_id}", path)),
    onSuccess: () => {
      client.setQueryData(adminKeys.schedule(user.id), null);
      setHours(null);
      toast(t("admin.schedules.removed", { name: user.name }));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!hours) return;
    setErrors({});
    setGeneral(null);
    save.mutate(hours);
  }
  const format = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });

  return (
    <form onSubmit={submit} noValidate aria-label={t("admin.schedules.of", { name: user.name })}>
      <h3>{t("admin.schedules.of", { name: user.name })}</h3>
      {schedule ? (
        <p className="muted">
          {t("admin.schedules.now", { state: t(`admin.availability.${schedule.state_now}`) })}{" "}
          {schedule.next_change_at ? t("admin.schedules.next", { at: format.format(new Date(schedule.next_change_at)) }) : null}
        </p>
      ) : null}
      {hours ? (
        <>
          <HoursEditor value={hours} onChange={setHours} errors={errors} />
          <FormError message={general} />
          <div className="admin-form-actions">
            {schedule ? (
              <button type="button" className="button danger" onClick={() => setRemoving(true)}>
                {t("admin.schedules.remove")}
              </button>
            ) : null}
            <button type="submit" className="button primary" disabled={save.isPending}>
              {t("common.save")}
            </button>
          </div>
        </>
      ) : (
        <div className="admin-empty">
          <p>{t("admin.schedules.none")}</p>
          <button type="button" className="button primary" onClick={() => setHours(defaultHours())}>
            {t("admin.schedules.start")}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        title={t("admin.schedules.removeTitle", { name: user.name })}
        description={t("admin.schedules.removeDescription")}
        confirm={t("admin.schedules.remove")}
        onConfirm={() => remove.mutateAsync()}
      />
    </form>
  );
}
