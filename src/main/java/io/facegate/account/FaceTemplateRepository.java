package io.facegate.account;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Enrolled face templates. */
public interface FaceTemplateRepository extends JpaRepository<FaceTemplate, Long> {

    /**
     * @param userId owner
     * @return the owner's templates, oldest first
     */
    List<FaceTemplate> findByUserIdOrderByCreatedAtAscIdAsc(Long userId);

    /**
     * @param pipelineVersion a pipeline version
     * @return every template of that version
     */
    List<FaceTemplate> findByPipelineVersion(String pipelineVersion);

    /**
     * @param userIds         owners
     * @param pipelineVersion a pipeline version
     * @return those owners' templates of that version
     */
    List<FaceTemplate> findByUserIdInAndPipelineVersion(Collection<Long> userIds, String pipelineVersion);

    /**
     * @param userId owner
     * @return how many templates the owner has
     */
    long countByUserId(Long userId);

    /**
     * @param userId owner
     * @return rows deleted
     */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("delete from FaceTemplate t where t.userId = :userId")
    int deleteByUser(Long userId);

    /**
     * Takes the enrollment lock for the rest of the transaction (a row update: other enrollments wait).
     *
     * @param now epoch ms, stored for diagnosis
     * @return 1
     */
    @Modifying(flushAutomatically = true)
    @Query(value = "UPDATE app_locks SET taken_at = :now WHERE name = 'enrollment'", nativeQuery = true)
    int lockEnrollment(long now);
}
